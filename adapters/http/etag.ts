// A stream's revision as an ETag, `"<revision>"`: what a command and a state answer carry, and
// what `If-Match` sends back as the expected revision of the next command.
import type { Request } from 'express';
import { DECIMAL_PATTERN, MAX_POSITION, parseDecimal } from '../../src/position.js';
import type { HeaderDoc, RequestHeader } from './endpoint.js';
import { problem, ProblemError } from './problem.js';

export const etagOf = (revision: bigint): string => `"${revision.toString()}"`;

export const ETAG: HeaderDoc = {
  description: 'The stream revision: "<revision>"',
  schema: { type: 'string', pattern: '^"[0-9]+"$' },
};

const IF_MATCH = new RegExp(String.raw`^\s*(?:W/)?"?(${DECIMAL_PATTERN})"?\s*$`);

export const IF_MATCH_HEADER: RequestHeader = {
  name: 'If-Match',
  description: 'The expected revision, as an ETag of this API ("<revision>"); a mismatch is a 412',
  schema: { type: 'string', pattern: IF_MATCH.source },
};

/** `If-Match: "<revision>"` (an ETag this API gave out): the expected revision, never retried. */
export const expectedRevision = (req: Request): bigint | undefined => {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const match = IF_MATCH.exec(header);
  if (match === null)
    throw new ProblemError(
      problem(400, 'INVALID_IF_MATCH', 'If-Match must be an ETag of this API: "<revision>"'),
    );
  const revision = parseDecimal(match[1]!);
  if (revision === undefined)
    throw new ProblemError(
      problem(400, 'INVALID_IF_MATCH', `If-Match names a revision above ${MAX_POSITION.toString()}`),
    );
  return revision;
};
