// How the account wants to be delivered to (交货批次, 周期): batch size, cycle and lead time.
import type * as t from 'io-ts';
import { NonNegativeInteger, PositiveInteger, struct } from '../kernel/index.js';

export const DeliveryTerms = struct('DeliveryTerms', {
  /** Units per delivery batch. */
  batchSize: PositiveInteger,
  /** Days between two deliveries. */
  cycleDays: PositiveInteger,
  /** Days from order to delivery; 0 = same day. */
  leadTimeDays: NonNegativeInteger,
});
export type DeliveryTerms = t.TypeOf<typeof DeliveryTerms>;
