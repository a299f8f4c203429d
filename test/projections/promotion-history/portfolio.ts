// A small portfolio of three promotions that differ in every filtered dimension, shared by the
// filter and report specs:
// - agr-1/P-1: acc-1 (RETAIL, tier B), JOINT_PROMOTION of SKU-1 in May (2026-Q2), APPROVED with a
//   result, uplift +0.68 (net of the peak its window overlaps);
// - agr-2/P-2: acc-2 (ENERGY, approved at tier A), PRICE_CONCESSION of SKU-2 in August (Q3),
//   CANCELLED, uplift −0.42 (its baseline overlaps a July peak and is de-seasonalised);
// - agr-1/P-3: acc-1, EVENT_SUPPORT of SKU-1 and SKU-3 in October (Q4), PROPOSED, no sales data.
import { money } from '../../../domain/kernel/index.js';
import {
  accountRegistered,
  at,
  commitmentCreated,
  promotionApproved,
  promotionCancelled,
  promotionProposed,
  promotionResultRecorded,
  steadySales,
  stockReported,
  tierChanged,
} from './scenario.js';

const acc2 = { agreementId: 'agr-2', accountId: 'acc-2' };

export const portfolio = [
  accountRegistered(),
  tierChanged('NONE', 'B', '2026-01-31'),
  accountRegistered({ accountId: 'acc-2', name: 'Xibei Power', industry: 'ENERGY' }),
  commitmentCreated('c-1', 'SKU-1', { peak: { from: '2026-05-20', to: '2026-06-10', upliftBp: 15_000 } }),
  commitmentCreated('c-2', 'SKU-2', {
    ...acc2,
    window: { from: '2026-06-01', to: '2026-12-31' },
    peak: { from: '2026-07-10', to: '2026-07-20', upliftBp: 15_000 },
  }),
  promotionProposed('P-1'),
  promotionApproved('P-1'),
  ...steadySales(),
  promotionResultRecorded('P-1'),
  promotionProposed('P-2', {
    ...acc2,
    kind: 'PRICE_CONCESSION',
    skus: ['SKU-2'],
    window: { from: '2026-08-01', to: '2026-08-31' },
    budget: money(60_000),
    at: at('2026-06-15'),
  }),
  promotionApproved('P-2', { ...acc2, tier: 'A', capBp: 3000, usedBp: 2500, at: at('2026-06-20') }),
  stockReported('c-2', '2026-07-03', 0, acc2),
  stockReported('c-2', '2026-07-31', 280, acc2),
  stockReported('c-2', '2026-08-31', 155, acc2),
  promotionCancelled('P-2', { ...acc2, at: at('2026-09-02') }),
  promotionProposed('P-3', {
    kind: 'EVENT_SUPPORT',
    skus: ['SKU-1', 'SKU-3'],
    window: { from: '2026-10-01', to: '2026-10-15' },
    budget: money(40_000),
    at: at('2026-07-01'),
  }),
];
