// How a resolved request went, as the account saw it: a satisfaction score and, for a complaint,
// its cause. Both optional (not every request is a complaint, not every account answers), and
// absent from what was resolved before they existed.
import type * as t from 'io-ts';
import { integerBetween, oneOf } from '../kernel/index.js';

export const SatisfactionScore = integerBetween(1, 5, 'SatisfactionScore');

/** The complaint causes of DOMAIN.md's ResolveServiceRequest. */
export const COMPLAINT_CAUSES = [
  'PRODUCT',
  'DELIVERY',
  'BILLING',
  'NETWORK_QUALITY',
  'STAFF',
  'OTHER',
] as const;
export const ComplaintCause = oneOf('ComplaintCause', COMPLAINT_CAUSES);
export type ComplaintCause = t.TypeOf<typeof ComplaintCause>;
