import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, EVENT_TYPES } from '../../../domain/index.js';
import { DateRange, describedAs, Money, oneOf, struct, toJsonSchema } from '../../../domain/kernel/index.js';

describe('JSON Schema from codecs', () => {
  it('describes the kernel codecs with their constraints', () => {
    expect(toJsonSchema(Money)).toEqual({
      type: 'object',
      properties: {
        amount: { type: 'integer', minimum: 0, description: 'must be an integer ≥ 0' },
        currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'must be an ISO 4217 code like CNY' },
      },
      required: ['amount', 'currency'],
      additionalProperties: false,
    });
    expect(toJsonSchema(oneOf('Colour', ['RED', 'BLUE']))).toMatchObject({
      type: 'string',
      enum: ['RED', 'BLUE'],
    });
    expect(toJsonSchema(DateRange)).toMatchObject({ type: 'object', required: ['from', 'to'] });
    expect(toJsonSchema(struct('X', { a: t.string }, { b: t.array(t.number) }))).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'number' } } },
      required: ['a'],
      additionalProperties: false,
    });
  });

  it('reads io-ts combinators structurally and custom codecs by their description', () => {
    expect(toJsonSchema(t.union([t.literal('a'), t.null]))).toEqual({
      anyOf: [{ const: 'a' }, { type: 'null' }],
    });
    expect(toJsonSchema(t.record(t.string, t.boolean))).toEqual({
      type: 'object',
      propertyNames: { type: 'string' },
      additionalProperties: { type: 'boolean' },
    });
    const custom = new t.Type<string>('Custom', t.string.is, t.string.validate, t.identity);
    expect(() => toJsonSchema(custom)).toThrow(/describe it/);
    expect(toJsonSchema(describedAs(custom, { type: 'string', format: 'email' }))).toEqual({
      type: 'string',
      format: 'email',
    });
  });

  it('describes every command and event of the domain', () => {
    for (const definition of [...COMMAND_TYPES, ...EVENT_TYPES]) {
      const schema = toJsonSchema(definition.data);
      // An event stored in more than one shape (TierEvaluated) is described as each of them.
      const shapes = (schema['anyOf'] as Record<string, unknown>[] | undefined) ?? [schema];
      for (const shape of shapes) {
        expect(shape, definition.type).toMatchObject({ type: 'object', additionalProperties: false });
        expect(Object.keys(shape['properties'] as object), definition.type).toContain('at');
      }
    }
    const tierEvaluated = EVENT_TYPES.find((definition) => definition.type === 'TierEvaluated')!;
    // Written now (naming the group), before groups, and before every evaluation was recorded.
    expect(toJsonSchema(tierEvaluated.data)['anyOf']).toHaveLength(3);
    const tierChanged = EVENT_TYPES.find((definition) => definition.type === 'TierChanged')!;
    expect(toJsonSchema(tierChanged.data)['anyOf']).toHaveLength(2);
  });
});
