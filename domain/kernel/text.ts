// Text a person wrote: names, reasons, references, comments. Stored forever and shown in
// exports, CSV and terminals, so it carries no characters that rewrite what is around it:
// control characters (NUL, escapes, BEL …), lone surrogates (not text: garbled or refused by
// every store and client downstream), line and paragraph separators, and the bidirectional
// embedding, override and isolate controls that make `exe.pdf` read as `fdp.exe`
// ("Trojan Source"). Joiners and the left-to-right / right-to-left marks are real text and stay.
import * as t from 'io-ts';
import { checkedAsInput, refine } from './codec.js';

const MAX_TEXT = 2000;

const FORBIDDEN_IN_A_LINE = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
/** Free text may hold lines and tabs: a comment of several paragraphs is still just text. */
const FORBIDDEN_IN_FREE_TEXT = /[\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]|(?![\t\n\r])\p{Cc}/u;

/** One line of text: no control character (tab and newline included) and nothing listed above. */
export const isCleanLine = (s: string): boolean => !FORBIDDEN_IN_A_LINE.test(s);
/** Text of any number of lines: tab, newline and carriage return allowed, nothing else listed above. */
export const isCleanText = (s: string): boolean => !FORBIDDEN_IN_FREE_TEXT.test(s);

/** A name, a reason, a reference: one line of 1–2000 characters, not all blank. */
export const NonEmptyString = checkedAsInput(
  refine(
    t.string,
    (s) => s.trim().length > 0 && s.length <= MAX_TEXT,
    'NonEmptyString',
    'must be a non-empty string of at most 2000 characters',
    { minLength: 1, maxLength: MAX_TEXT, pattern: '\\S' },
  ),
  isCleanLine,
  'NonEmptyString',
  'must be a line of text without control characters, line separators, bidirectional controls or lone surrogates',
);

/** A comment: may be empty, may have lines and tabs, at most 2000 characters. */
export const FreeText = checkedAsInput(
  refine(t.string, (s) => s.length <= MAX_TEXT, 'FreeText', 'must be a string of at most 2000 characters', {
    maxLength: MAX_TEXT,
  }),
  isCleanText,
  'FreeText',
  'must be text without control characters other than tab and newline, without line separators, bidirectional controls or lone surrogates',
);
