// io-ts errors as a list of { path, message }: what an HTTP 400 shows for every bad field.
import * as t from 'io-ts';

export interface FieldError {
  /** Dotted path from the root of what was validated, e.g. `validity.to` or `skus.2`; '' for the root. */
  readonly path: string;
  readonly message: string;
}

const isWrapper = (type: t.Decoder<unknown, unknown>): boolean =>
  type instanceof t.UnionType || type instanceof t.IntersectionType;

export const pathOf = (context: t.Context): string =>
  context
    .filter((entry, i) => i > 0 && !isWrapper(context[i - 1]!.type))
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');

export const describeErrors = (errors: t.Errors): readonly FieldError[] => {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = pathOf(error.context);
    const last = error.context[error.context.length - 1];
    const message =
      error.message ?? (error.value === undefined ? 'is required' : `must be ${last?.type.name ?? 'valid'}`);
    const id = `${path}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ path, message });
  }
  return out;
};
