// Revisions and global positions arrive as decimal strings (query strings, Last-Event-ID,
// If-Match, CLI options, exported books) and become bigint: exact past 2^53, never a Number.
// Every entry point parses them here, so each accepts the same texts.

/** At most 20 digits: any unsigned 64-bit position, nothing that could be a typo'd id. */
const DECIMAL = /^\d{1,20}$/;

/** The bigint of a decimal revision or position, or undefined for anything else. */
export const parseDecimal = (text: string): bigint | undefined =>
  DECIMAL.test(text) ? BigInt(text) : undefined;
