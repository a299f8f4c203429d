// A read-model query that can't be run as asked: an unknown collection or column, a value
// that isn't text, number or null, a cursor that doesn't fit the sort, a bad limit. The
// caller's mistake (HTTP: 400), never a 500.
export type InvalidQueryReason =
  'unknown_collection' | 'unknown_column' | 'bad_value' | 'bad_cursor' | 'bad_limit';

export class InvalidReadModelQuery extends Error {
  override readonly name = 'InvalidReadModelQuery';
  constructor(
    readonly reason: InvalidQueryReason,
    message: string,
    /** What the caller may use instead (the known collections or columns), where that helps. */
    readonly allowed: readonly string[] = [],
  ) {
    super(allowed.length === 0 ? message : `${message}; allowed: ${allowed.join(', ')}`);
  }
}
