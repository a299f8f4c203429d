// How a codec shows in the OpenAPI document: as a shape the document defines once under
// `components.schemas` and refers to by `$ref`. The codec stays the one source of the shape;
// this only wraps it (describing the codec itself would describe it everywhere it is used).
import * as t from 'io-ts';
import { describedAs } from '../../domain/kernel/index.js';

export interface Component<A, O> extends t.Type<A, O, unknown> {
  readonly component: { readonly name: string; readonly codec: t.Decoder<unknown, A> };
}

export const componentRef = (name: string): string => `#/components/schemas/${name}`;

/** The codec, described as a `$ref` to `name`; `component` is what the document defines there. */
export const component = <A, O>(name: string, codec: t.Type<A, O, unknown>): Component<A, O> =>
  Object.assign(
    describedAs(new t.Type<A, O, unknown>(name, codec.is, codec.validate, codec.encode), {
      $ref: componentRef(name),
    }),
    { component: { name, codec } },
  );
