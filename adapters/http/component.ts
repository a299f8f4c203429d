// A shape the OpenAPI document defines once under `components.schemas` and refers to by `$ref`
// wherever it is used: the codec stays the one source, the document stays small.
import * as t from 'io-ts';
import { describedAs } from '../../domain/kernel/index.js';

export interface Component<A, O> extends t.Type<A, O, unknown> {
  readonly component: { readonly name: string; readonly codec: t.Decoder<unknown, A> };
}

export const componentRef = (name: string): string => `#/components/schemas/${name}`;

/** The codec, decoding and encoding as `codec` does, described as a `$ref` to `name`. */
export const component = <A, O>(name: string, codec: t.Type<A, O, unknown>): Component<A, O> =>
  Object.assign(
    describedAs(new t.Type<A, O, unknown>(name, codec.is, codec.validate, codec.encode), {
      $ref: componentRef(name),
    }),
    { component: { name, codec } },
  );
