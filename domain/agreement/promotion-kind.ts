// What a promotion is for: a promotion designed with the account (共同设计促销方案), a price
// concession, or support for one of the account's major business events.
import type * as t from 'io-ts';
import { oneOf } from '../kernel/index.js';

export const PROMOTION_KINDS = ['JOINT_PROMOTION', 'PRICE_CONCESSION', 'EVENT_SUPPORT'] as const;
export const PromotionKind = oneOf('PromotionKind', PROMOTION_KINDS);
export type PromotionKind = t.TypeOf<typeof PromotionKind>;
