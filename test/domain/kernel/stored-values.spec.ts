// Issue #14, "Inputs stored forever are checked": a period, a date or a timestamp outside
// 2000–2999, and text with control characters or lone surrogates, were accepted by the command
// codecs and stored for good. What an event already recorded is read as it was stored.
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { accountCommands, accountEvents } from '../../../domain/account/registry.js';
import {
  describeErrors,
  FreeText,
  IsoDate,
  IsoDateTime,
  NonEmptyString,
  Period,
  recorded,
  struct,
} from '../../../domain/kernel/index.js';

const errorsOf = (codec: t.Mixed, value: unknown) => {
  const result = codec.decode(value);
  return E.isLeft(result) ? describeErrors(result.left) : [];
};
const accepts = (codec: t.Mixed, value: unknown): boolean => E.isRight(codec.decode(value));

describe('periods, dates and timestamps', () => {
  it('are from 2000 to 2999', () => {
    for (const good of ['2000-01', '2026-06', '2999-12']) expect(accepts(Period, good), good).toBe(true);
    for (const bad of ['1999-12', '0000-01', '3000-01', '9999-12']) {
      expect(errorsOf(Period, bad), bad).toEqual([
        { path: '', message: 'must be a period YYYY-MM from 2000-01 to 2999-12' },
      ]);
      expect(Period.is(bad), bad).toBe(false);
    }
    for (const good of ['2000-01-01', '2999-12-31']) expect(accepts(IsoDate, good), good).toBe(true);
    for (const bad of ['1999-12-31', '1000-01-01', '3000-01-01'])
      expect(errorsOf(IsoDate, bad), bad).toEqual([
        { path: '', message: 'must be a date YYYY-MM-DD from 2000-01-01 to 2999-12-31' },
      ]);
    expect(accepts(IsoDateTime, '2000-01-01T00:00:00Z')).toBe(true);
    expect(accepts(IsoDateTime, '2999-12-31T23:59:59.999Z')).toBe(true);
    // The bound holds in UTC, where timestamps are stored: 00:30 at +01:00 is still 1999.
    for (const bad of ['1999-12-31T23:59:59Z', '2000-01-01T00:30:00+01:00', '3000-01-01T00:00:00Z'])
      expect(errorsOf(IsoDateTime, bad), bad).toEqual([
        { path: '', message: 'must be a timestamp from 2000-01-01 to 2999-12-31 (UTC)' },
      ]);
  });
});

describe('names and free text', () => {
  it('refuse control characters, lone surrogates, line separators and bidirectional controls', () => {
    for (const good of ['Acme', 'Zürich 北京 Ltd', 'Rocket \u{1F680}', 'O’Brien & Söhne', 'a\u200Db'])
      expect(accepts(NonEmptyString, good), good).toBe(true);
    for (const bad of [
      'Acme\u0000',
      'Acme\nInc',
      'tab\there',
      'bell\u0007',
      'del\u007F',
      'c1\u0085',
      'lone \uD800 high',
      'lone \uDC00 low',
      'end\uD83D',
      'line\u2028sep',
      '\u202Eevil.exe',
      'isolate\u2066x\u2069',
    ]) {
      expect(errorsOf(NonEmptyString, bad), JSON.stringify(bad)).toEqual([
        {
          path: '',
          message:
            'must be a line of text without control characters, line separators, bidirectional controls or lone surrogates',
        },
      ]);
      expect(NonEmptyString.is(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('free text may be empty and keep its lines and tabs, but nothing else of the kind', () => {
    for (const good of ['', 'first line\nsecond\tcolumn', 'windows\r\nline'])
      expect(accepts(FreeText, good)).toBe(true);
    for (const bad of ['bell\u0007', 'lone \uD800', '\u202Eevil', 'x'.repeat(2001)])
      expect(accepts(FreeText, bad), JSON.stringify(bad).slice(0, 20)).toBe(false);
  });
});

describe('what an event recorded', () => {
  const data = (codecs: readonly { type: string; data: t.Mixed }[], type: string) =>
    codecs.find((definition) => definition.type === type)!.data;

  it('is read as it was stored, while the command that would store it again is refused', () => {
    const at = '2026-05-04T09:00:00.000Z';
    const revenue = {
      period: '1999-12',
      amount: { amount: 1, currency: 'CNY' },
      sourceRef: 'old\tbatch',
      at,
    };
    expect(errorsOf(data(accountCommands, 'RecordRevenue'), revenue).map((e) => e.path)).toEqual([
      'period',
      'sourceRef',
    ]);
    expect(accepts(data(accountEvents, 'RevenueRecorded'), { ...revenue, accountId: 'acme' })).toBe(true);
    const registered = { accountId: 'acme', name: 'Acme\u0007', industry: 'RETAIL', region: 'North', at };
    expect(accepts(data(accountCommands, 'RegisterAccount'), registered)).toBe(false);
    expect(accepts(data(accountEvents, 'AccountRegistered'), registered)).toBe(true);
  });

  it('still has its shape checked: only the checks of new input are lifted', () => {
    const codec = recorded(struct('Old', { period: Period, name: NonEmptyString, on: IsoDate }));
    expect(accepts(codec, { period: '1999-12', name: 'x\u0000', on: '1990-01-01' })).toBe(true);
    expect(codec.is({ period: '1999-12', name: 'x\u0000', on: '1990-01-01' })).toBe(true);
    expect(E.isRight(codec.validate({ period: '1999-12', name: 'x', on: '1990-01-01' }, []))).toBe(true);
    expect(errorsOf(codec, { period: '1999-13', name: ' ', on: '1990-02-30' })).toEqual([
      { path: 'period', message: 'must be a period YYYY-MM' },
      { path: 'name', message: 'must be a non-empty string of at most 2000 characters' },
      { path: 'on', message: 'must be a date YYYY-MM-DD' },
    ]);
  });
});
