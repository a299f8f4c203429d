// Ids and SKUs: short, printable, safe inside a stream id (`account-<id>`) and a URL path.
import * as t from 'io-ts';
import { refine } from './codec.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/** An aggregate, request, promotion or batch id: letters, digits, `_ . : -`, at most 100 characters. */
export const Id = refine(
  t.string,
  (s) => ID.test(s),
  'Id',
  'must be 1–100 letters, digits, _ . : or -, starting with a letter or digit',
  { pattern: ID.source },
);

/** A stock-keeping unit code. */
export const Sku = refine(
  t.string,
  (s) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(s),
  'Sku',
  'must be a SKU code: 1–64 letters, digits, _ . or -',
  { pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' },
);

export const accountStream = (accountId: string): string => `account-${accountId}`;
export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;
export const supplyStream = (commitmentId: string): string => `supply-${commitmentId}`;
export const groupStream = (groupId: string): string => `group-${groupId}`;
