// How many events an audit page holds: a default for callers that don't say, and a ceiling so
// one request can't make the server read a whole book into memory.
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** The page size to use for a requested limit: at least 1, at most MAX_PAGE_SIZE. */
export const pageSize = (limit: number | undefined): number =>
  limit === undefined || !Number.isFinite(limit)
    ? DEFAULT_PAGE_SIZE
    : Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
