// The JSON Schema (2020-12) of a codec: the codec is the one source of a message's shape, so
// the published schemas can't drift from what the engine accepts. io-ts's own combinators are
// read structurally; the kernel's custom codecs describe themselves when they are made.
import * as t from 'io-ts';

export type JsonSchema = { readonly [key: string]: unknown };
type Describe = (convert: (codec: t.Decoder<unknown, unknown>) => JsonSchema) => JsonSchema;

const descriptions = new WeakMap<object, Describe>();

/** Attaches how to describe a custom codec (one io-ts can't look inside). Returns the codec. */
export const describedAs = <C extends t.Decoder<unknown, unknown>>(
  codec: C,
  describe: Describe | JsonSchema,
): C => {
  descriptions.set(codec, typeof describe === 'function' ? (describe as Describe) : () => describe);
  return codec;
};

/** The schema of a codec; throws for a codec that neither io-ts nor a description explains. */
export const toJsonSchema = (codec: t.Decoder<unknown, unknown>): JsonSchema => {
  const described = descriptions.get(codec);
  if (described !== undefined) return described(toJsonSchema);
  if (codec instanceof t.StringType) return { type: 'string' };
  if (codec instanceof t.NumberType) return { type: 'number' };
  if (codec instanceof t.BooleanType) return { type: 'boolean' };
  if (codec instanceof t.NullType) return { type: 'null' };
  if (codec instanceof t.UnknownType) return {};
  if (codec instanceof t.LiteralType) return { const: codec.value };
  if (codec instanceof t.KeyofType) return { enum: Object.keys(codec.keys) };
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) {
    return { type: 'array', items: toJsonSchema(codec.type) };
  }
  if (codec instanceof t.DictionaryType) {
    return {
      type: 'object',
      propertyNames: toJsonSchema(codec.domain),
      additionalProperties: toJsonSchema(codec.codomain),
    };
  }
  if (codec instanceof t.InterfaceType || codec instanceof t.StrictType || codec instanceof t.PartialType) {
    const props = codec.props as t.Props;
    return {
      type: 'object',
      properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toJsonSchema(v)])),
      ...(codec instanceof t.PartialType ? {} : { required: Object.keys(props) }),
    };
  }
  if (codec instanceof t.UnionType) return { anyOf: (codec.types as t.Mixed[]).map(toJsonSchema) };
  if (codec instanceof t.IntersectionType) return { allOf: (codec.types as t.Mixed[]).map(toJsonSchema) };
  if (codec instanceof t.RefinementType || codec instanceof t.ReadonlyType || codec instanceof t.ExactType) {
    return toJsonSchema(codec.type as t.Mixed);
  }
  throw new Error(`No JSON Schema for codec ${(codec as t.Mixed).name}: describe it with describedAs`);
};

/** The codec, its schema carrying `description` (a wrapper: the codec itself stays undescribed). */
export const described = <A, O>(codec: t.Type<A, O, unknown>, description: string): t.Type<A, O, unknown> =>
  describedAs(new t.Type(codec.name, codec.is, codec.validate, codec.encode), (convert) => ({
    ...convert(codec),
    description,
  }));
