// The promotion_history scenario: its defaults over each aggregate's builders, and small helpers
// to run the events and read the result as an analyst would (SQL rows, presented rows, filtered
// rows, reports).
// Defaults describe account acc-1 (RETAIL) with agreement agr-1 for 2026 and one promotion of
// SKU-1 in May; a test overrides only what it is about.
import type {
  AccountRegistered,
  TierChanged,
  TierOverridden,
  TierOverrideExpired,
} from '../../../domain/account/index.js';
import type {
  AgreementDrafted,
  PromotionApproved,
  PromotionCancelled,
  PromotionProposed,
  PromotionResultRecorded,
} from '../../../domain/agreement/index.js';
import { money, POLICY_V1, type Tier } from '../../../domain/kernel/index.js';
import type { CommitmentCreated, StockPositionReported } from '../../../domain/supply/index.js';
import { projection, readModels } from '../../../projections/promotion-history/index.js';
import { PROMOTIONS } from '../../../projections/promotion-history/keys.js';
import type { ProjectedEvent } from '../../../projections/projection.js';
import type { PresentContext, PresentedRow, ReadModel } from '../../../projections/read-model.js';
import { events as account } from '../../domain/account/builders.js';
import * as agreement from '../../domain/agreement/builders.js';
import * as supply from '../../domain/supply/builders.js';
import { eventLog, runProjection, type ProjectionRun } from '../../support/projection-harness.js';

export const ACCOUNT = 'acc-1';
export const AGREEMENT = 'agr-1';
export const at = (day: string): string => `${day}T09:00:00.000Z`;

type DomainEvent = { readonly type: string; readonly data: object };

// The events come from each aggregate's builders; here only this scenario's defaults.

// ---- account
export const accountRegistered = (over: Partial<AccountRegistered['data']> = {}): AccountRegistered =>
  account.registered({
    accountId: ACCOUNT,
    name: 'Huabei Retail',
    industry: 'RETAIL',
    region: 'North',
    at: at('2025-12-01'),
    ...over,
  });

export const tierChanged = (
  from: Tier,
  to: Tier,
  day: string,
  over: Partial<TierChanged['data']> = {},
): TierChanged =>
  account.tierChanged(from, to, 'PROMOTION', day.slice(0, 7), 150_000_000, at(day), {
    accountId: ACCOUNT,
    ...over,
  });

export const tierOverridden = (tier: Tier, expiresOn: string, day: string): TierOverridden =>
  account.overridden(tier, expiresOn, at(day), 'director-1', {
    accountId: ACCOUNT,
    reason: 'Strategic account for the spring launch',
  });

export const tierOverrideExpired = (tier: Tier, expiresOn: string, day: string): TierOverrideExpired =>
  account.overrideExpired(tier, expiresOn, at(day), { accountId: ACCOUNT });

// ---- agreement
const subject = (day: string) => ({ agreementId: AGREEMENT, accountId: ACCOUNT, at: at(day) });

export const agreementDrafted = (): AgreementDrafted =>
  agreement.drafted({
    ...subject('2026-01-05'),
    validity: { from: '2026-01-01', to: '2026-12-31' },
    tierAtSigning: 'B',
  });

export const promotionProposed = (
  promotionId: string,
  over: Partial<PromotionProposed['data']> = {},
): PromotionProposed => agreement.proposed(promotionId, { ...subject('2026-03-10'), ...over });

export const promotionApproved = (
  promotionId: string,
  over: Partial<PromotionApproved['data']> = {},
): PromotionApproved =>
  agreement.approved(promotionId, {
    ...subject('2026-03-15'),
    tier: 'B',
    capBp: 1800,
    usedBp: 1500,
    ...over,
  });

export const promotionCancelled = (
  promotionId: string,
  over: Partial<PromotionCancelled['data']> = {},
): PromotionCancelled =>
  agreement.cancelled(promotionId, 'Account postponed the launch', { ...subject('2026-04-20'), ...over });

export const promotionResultRecorded = (
  promotionId: string,
  over: Partial<PromotionResultRecorded['data']> = {},
): PromotionResultRecorded =>
  agreement.resultRecorded(promotionId, {
    ...subject('2026-06-05'),
    actualQty: 600,
    actualCost: money(93_000),
    ...over,
  });

// ---- supply
export const commitmentCreated = (
  commitmentId: string,
  sku: string,
  over: Partial<CommitmentCreated['data']> = {},
): CommitmentCreated =>
  supply.created({
    commitmentId,
    accountId: ACCOUNT,
    agreementId: AGREEMENT,
    sku,
    window: { from: '2026-02-01', to: '2026-12-31' },
    committedQty: 10_000,
    safetyDays: 10,
    tier: 'B',
    at: at('2026-02-01'),
    ...over,
  });

export const stockReported = (
  commitmentId: string,
  asOf: string,
  soldSinceLast: number,
  over: Partial<StockPositionReported['data']> = {},
): StockPositionReported =>
  supply.reported(asOf, 1000, soldSinceLast, { commitmentId, accountId: ACCOUNT, at: at(asOf), ...over });

/**
 * The sales every default scenario has for SKU-1 (commitment c-1): an opening report (its sales
 * fall before the baseline), then 10 a day over the 28 days before the May window and 20 a day
 * in it — uplift exactly 1.
 */
export const steadySales = (commitmentId = 'c-1'): DomainEvent[] => [
  stockReported(commitmentId, '2026-04-02', 999),
  stockReported(commitmentId, '2026-04-30', 280),
  stockReported(commitmentId, '2026-05-31', 620),
];

// ---- running
const streamOf = (event: DomainEvent): string => {
  const data = event.data as Record<string, string>;
  if (data['commitmentId'] !== undefined) return `supply-${data['commitmentId']}`;
  if (data['agreementId'] !== undefined) return `agreement-${data['agreementId']}`;
  return `account-${data['accountId']}`;
};

export const projectedEvents = (events: readonly DomainEvent[]): ProjectedEvent[] => {
  const log = eventLog();
  for (const event of events) log.add(streamOf(event), event);
  return log.events;
};

export const run = (events: readonly DomainEvent[]): ProjectionRun =>
  runProjection(projection, projectedEvents(events));

export const readModel = readModels[0] as ReadModel;
export const CONTEXT: PresentContext = { asOf: '2026-07-01', policy: POLICY_V1 };

/** The promotion_history SQL rows, ordered by key. */
export const rows = (result: ProjectionRun) => result.rows(PROMOTIONS);

/** The row of one promotion of agr-1 as SQL shows it. */
export const rowOf = (result: ProjectionRun, promotionId: string, agreementId = AGREEMENT) => {
  const row = rows(result).find((r) => r['promotion_key'] === `${agreementId}/${promotionId}`);
  if (row === undefined) throw new Error(`no row for ${agreementId}/${promotionId}`);
  return row;
};

/** Every presented row, in key order. */
export const presented = (result: ProjectionRun): PresentedRow[] =>
  [...result.docs<never>(PROMOTIONS).entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, doc]) => readModel.present(doc, CONTEXT));

export const presentedOf = (
  result: ProjectionRun,
  promotionId: string,
  agreementId = AGREEMENT,
): PresentedRow => {
  const doc = result.doc<never>(PROMOTIONS, `${agreementId}/${promotionId}`);
  if (doc === undefined) throw new Error(`no document for ${agreementId}/${promotionId}`);
  return readModel.present(doc, CONTEXT);
};

/**
 * The promotion ids (sorted) a query keeps, the way the query layer runs a filter: in SQL on its plain
 * column (`eq`, `gte`, `lte` on the stored value), or on the presented row.
 */
export const filtered = (result: ProjectionRun, param: string, value: string): string[] => {
  const filter = readModel.filters.find((f) => f.param === param);
  if (filter === undefined) throw new Error(`no filter ${param}`);
  const keys = [...result.docs<never>(PROMOTIONS).keys()].sort();
  return keys
    .filter((key) => {
      const doc = result.doc<never>(PROMOTIONS, key) as never;
      if (filter.column !== undefined) {
        const stored = rows(result).find((r) => r['promotion_key'] === key)?.[filter.column.name];
        if (stored === null || stored === undefined) return false;
        // A boolean filter's column holds 0/1, as SQL is asked for it.
        const wanted = filter.type === 'boolean' ? (value === 'true' ? 1 : 0) : value;
        if (filter.column.op === 'eq') return stored === wanted;
        return filter.column.op === 'gte' ? stored >= value : stored <= value;
      }
      if (filter.matches === undefined) throw new Error(`filter ${param} neither runs in SQL nor on rows`);
      return filter.matches(readModel.present(doc, CONTEXT), value, CONTEXT);
    })
    .map((key) => key.split('/')[1] as string)
    .sort();
};

export const report = (result: ProjectionRun, name: string): unknown => {
  const definition = readModel.reports.find((r) => r.name === name);
  if (definition === undefined) throw new Error(`no report ${name}`);
  return definition.run(presented(result), CONTEXT);
};
