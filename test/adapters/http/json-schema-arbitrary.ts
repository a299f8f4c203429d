// Bodies for fuzzing, guided by a route's JSON Schema: mostly plausible values (so requests get
// past validation into the domain's rules), with fields dropped, added and replaced by any JSON
// (so validation itself is attacked too).
import fc from 'fast-check';

type Schema = {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
};

export interface FuzzOptions {
  /** Ids worth hitting (the aggregates a test made): an Id-patterned field picks one often. */
  readonly ids: readonly string[];
}

const day = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) })
  .map((ms) => new Date(ms).toISOString());

const stringOf = (schema: Schema, options: FuzzOptions): fc.Arbitrary<unknown> => {
  if (schema.format === 'date') return day.map((iso) => iso.slice(0, 10));
  if (schema.format === 'date-time') return day;
  if (schema.pattern !== undefined) {
    const matching = fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 120);
    return schema.pattern.startsWith('^[A-Za-z0-9]')
      ? fc.oneof(fc.constantFrom(...options.ids), matching)
      : matching;
  }
  return fc.string({ minLength: 1, maxLength: 20 });
};

const numberOf = (schema: Schema, integer: boolean): fc.Arbitrary<unknown> => {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000_000;
  return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
};

const objectOf = (schema: Schema, options: FuzzOptions): fc.Arbitrary<unknown> => {
  const properties = schema.properties ?? {};
  const fields = Object.fromEntries(
    Object.entries(properties).map(([key, field]) => [key, valueOf(field, options)]),
  );
  const required = (schema.required ?? []).filter((key) => key in fields);
  return fc.record(fields, { requiredKeys: required });
};

/** A value the schema allows (most of the time: patterns and refinements are approximated). */
export const valueOf = (schema: Schema, options: FuzzOptions): fc.Arbitrary<unknown> => {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  if (schema.anyOf !== undefined) return fc.oneof(...schema.anyOf.map((s) => valueOf(s, options)));
  if (schema.allOf !== undefined && schema.allOf[0] !== undefined) return valueOf(schema.allOf[0], options);
  switch (schema.type) {
    case 'string':
      return stringOf(schema, options);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueOf(schema.items ?? {}, options), { maxLength: 4 });
    case 'object':
      return objectOf(schema, options);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
};

/** A body: plausible, plausible with a field broken or added, or any JSON at all. */
export const bodyOf = (schema: Schema, options: FuzzOptions): fc.Arbitrary<unknown> => {
  const plausible = valueOf(schema, options);
  const keys = Object.keys(schema.properties ?? {});
  const broken = fc
    .tuple(plausible, fc.constantFrom(...(keys.length > 0 ? keys : ['x'])), fc.jsonValue({ maxDepth: 2 }))
    .map(([body, key, value]) => ({ ...(body as object), [key]: value }));
  const extra = fc
    .tuple(plausible, fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }))
    .map(([body, key, value]) => ({ ...(body as object), [key]: value }));
  return fc.oneof(
    { arbitrary: plausible, weight: 4 },
    { arbitrary: broken, weight: 2 },
    { arbitrary: extra, weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  );
};
