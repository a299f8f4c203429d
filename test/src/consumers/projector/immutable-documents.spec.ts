// Documents as the batch cache keeps them: exactly what a JSON round trip gives, immutable,
// sharing what they took from a cached document.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adopt, parseDocument } from '../../../../src/consumers/projector/immutable-documents.js';
import { jsonCopy } from '../../../../src/consumers/projector/json-copy.js';

const roundTrip = (value: unknown): unknown => {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : JSON.parse(json);
};

/** Values a reducer might put: JSON data, and what JSON changes (undefined, NaN, -0, Dates, class instances…). */
const reducerValues = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.constantFrom(undefined, NaN, Infinity, -0, null, () => 1, Symbol('s')),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
    tie('value').map(
      (inner) =>
        new (class Box {
          constructor(readonly inner: unknown) {}
        })(inner),
    ),
  ),
})).value;

const deeplyFrozen = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (Object.isFrozen(value) && Object.values(value).every(deeplyFrozen));

describe('jsonCopy', () => {
  it('gives what JSON.parse(JSON.stringify(value)) gives', () => {
    fc.assert(
      fc.property(reducerValues, (value) => {
        expect(jsonCopy(value)).toStrictEqual(roundTrip(value));
      }),
    );
  });

  it('refuses a bigint as JSON does', () => {
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
  });

  it('keeps "__proto__" as an own key, as JSON.parse does', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    const copy = jsonCopy(parsed) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});

describe('adopt (what put keeps)', () => {
  it('keeps what a JSON round trip gives, deeply frozen', () => {
    fc.assert(
      fc.property(reducerValues, (value) => {
        const kept = adopt(value);
        expect(kept).toStrictEqual(roundTrip(value));
        expect(deeplyFrozen(kept)).toBe(true);
      }),
    );
  });

  it('keeps plain data itself, without a copy, and shares the parts taken from a cached document', () => {
    const cached = parseDocument('{"items":[{"sku":"a"},{"sku":"b"}],"count":2}') as {
      items: readonly { sku: string }[];
      count: number;
    };
    expect(deeplyFrozen(cached)).toBe(true);
    const next = { ...cached, items: [...cached.items, { sku: 'c' }], count: 3 };
    const kept = adopt(next) as typeof next;
    expect(kept).toBe(next);
    expect(kept.items[0]).toBe(cached.items[0]);
    expect(Object.isFrozen(kept.items[2])).toBe(true);
  });

  it('copies what JSON would change, leaving the reducer its own object', () => {
    const at = new Date('2026-03-01T00:00:00.000Z');
    const doc = { at, gone: undefined, n: NaN };
    const kept = adopt(doc);
    expect(kept).toEqual({ at: '2026-03-01T00:00:00.000Z', n: null });
    expect(Object.isFrozen(doc)).toBe(false);
  });

  it('makes a mutation of a document a reducer got fail loudly', () => {
    const doc = parseDocument('{"count":1,"tags":["x"]}') as { count: number; tags: string[] };
    expect(() => {
      doc.count += 1;
    }).toThrow(TypeError);
    expect(() => doc.tags.push('y')).toThrow(TypeError);
  });
});
