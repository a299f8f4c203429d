// The figures of one account × SKU as of a day: the commitments of the row combined into one
// input for the domain's coverage() (the math and the flags live there, not here), flattened
// into presented fields. The same figures give the plain SQL columns (as of the row's last
// event), the served rows (as of the query's asOf) and the daily snapshots (as of the report).
import { effectiveTier } from '../../domain/account/index.js';
import type { IsoDate, Peak, Policy, Tier } from '../../domain/kernel/index.js';
import { coverage, type CoverageBatch, type CoverageFlag } from '../../domain/supply/index.js';
import type { RowCommitment, StockCoverageDailyDoc, StockCoverageDoc, TierStanding } from './documents.js';

/**
 * Everything a row shows besides its date (asOf or reportDate), in presented (camelCase) form.
 * A type, not an interface: it must fit a PresentedRow's index signature.
 */
export type CoverageFigures = {
  readonly accountId: string;
  readonly sku: string;
  readonly industry: string | null;
  readonly tier: Tier;
  readonly onHand: number | null;
  readonly adsStatus: 'OK' | 'INSUFFICIENT_DATA';
  readonly insufficientData: boolean;
  readonly ads: number | null;
  readonly adsDays: number;
  readonly dos: number | null;
  readonly weeksOfCover: number | null;
  readonly safetyDays: number;
  readonly safetyStock: number | null;
  readonly leadTimeDays: number | null;
  readonly projectedAtLeadTime: number | null;
  readonly pipeline: number;
  readonly committedQty: number;
  readonly deliveredQty: number;
  readonly remainingCommitted: number;
  readonly nextBatchId: string | null;
  readonly nextBatchEta: IsoDate | null;
  readonly nextBatchQty: number | null;
  readonly peakFrom: IsoDate | null;
  readonly peakTo: IsoDate | null;
  readonly peakUpliftBp: number | null;
  readonly staleAfterDays: number;
  readonly lastReportDate: IsoDate | null;
  readonly lastFillRatioBp: number | null;
  readonly commitmentIds: readonly string[];
  readonly openCommitmentIds: readonly string[];
  readonly flags: readonly CoverageFlag[];
};

/** The domain's rule on the row's copy of the account's tier and override. */
export const tierOn = (standing: TierStanding, date: IsoDate): Tier => effectiveTier(standing, date);

const deliveredOf = (c: RowCommitment): number => c.batches.reduce((sum, b) => sum + b.delivered, 0);

const byDate = (a: IsoDate, b: IsoDate): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * coverage() takes one peak. With several commitments (windows) the one that matters on
 * `asOf` is the next season not yet over: the earliest to start among those ending on asOf or
 * later. When every peak is over, the one that ended last, so the row still names the latest
 * season. With one commitment this is always its own peak, as coverage() expects.
 */
export const peakOn = (commitments: readonly RowCommitment[], asOf: IsoDate): Peak | null => {
  const peaks = commitments.flatMap((c) => (c.peak === null ? [] : [c.peak]));
  // Stable sorts: ties keep the order the commitments were created in.
  const ahead = peaks
    .filter((p) => p.to >= asOf)
    .sort((a, b) => byDate(a.from, b.from) || byDate(a.to, b.to))
    .at(0);
  return ahead ?? peaks.sort((a, b) => byDate(b.to, a.to)).at(0) ?? null;
};

const maxOf = (values: readonly number[]): number | null =>
  values.length === 0 ? null : Math.max(...values);

/**
 * How several commitments of one account × SKU become one coverage input:
 * - stock: one series (the account holds one stock of the SKU, whichever commitment reported it);
 * - committed and delivered: summed over all commitments; remaining committed only over the
 *   OPEN ones, since a closed commitment's undelivered quantity will not come;
 * - batches: those of the open commitments (a closed commitment's open batches no longer come);
 * - safety days and lead time: the largest among the open commitments (all when none is open),
 *   the cautious choice when their terms differ;
 * - peak: see peakOn; last fill ratio: the latest allocation of any of them.
 */
export const figuresOf = (doc: StockCoverageDoc, asOf: IsoDate, policy: Policy): CoverageFigures => {
  const open = doc.commitments.filter((c) => c.status === 'OPEN');
  const terms = open.length > 0 ? open : doc.commitments;
  const deliveredQty = doc.commitments.reduce((sum, c) => sum + deliveredOf(c), 0);
  const committedQty = doc.commitments.reduce((sum, c) => sum + c.committedQty, 0);
  const remainingCommitted = open.reduce((sum, c) => sum + Math.max(0, c.committedQty - deliveredOf(c)), 0);
  const batches: CoverageBatch[] = open.flatMap((c) =>
    c.batches.map(({ batchId, eta, qty, shipped, delivered }) => ({ batchId, eta, qty, shipped, delivered })),
  );
  // A row is created with its first commitment, so `terms` is never empty: the default only
  // keeps the function total.
  const safetyDays = maxOf(terms.map((c) => c.safetyDays)) ?? policy.tiers.NONE.safetyDays;
  const leadTimeDays = maxOf(terms.flatMap((c) => (c.leadTimeDays === null ? [] : [c.leadTimeDays])));
  const tier = tierOn(doc.tierFacts, asOf);
  const staleAfterDays = policy.tiers[tier].staleAfterDays;
  const result = coverage({
    asOf,
    reports: doc.reports,
    batches,
    // coverage() takes remaining = committed − delivered: give it the open commitments' remainder.
    committedQty: deliveredQty + remainingCommitted,
    deliveredQty,
    peak: peakOn(doc.commitments, asOf),
    safetyDays,
    // An agreement never seen: no lead time known, so projected stock is looked at for today.
    leadTimeDays: leadTimeDays ?? 0,
    staleAfterDays,
    lastFillRatioBp: doc.lastFillRatioBp,
    policy,
  });
  return {
    accountId: doc.accountId,
    sku: doc.sku,
    industry: doc.industry,
    tier,
    onHand: result.onHand,
    adsStatus: result.adsStatus,
    insufficientData: result.adsStatus === 'INSUFFICIENT_DATA',
    ads: result.ads,
    adsDays: result.adsDays,
    dos: result.dos,
    weeksOfCover: result.weeksOfCover,
    safetyDays,
    safetyStock: result.safetyStock,
    leadTimeDays,
    projectedAtLeadTime: result.projectedAtLeadTime,
    pipeline: result.pipeline,
    committedQty,
    deliveredQty,
    remainingCommitted: result.remainingCommitted,
    nextBatchId: result.nextBatch?.batchId ?? null,
    nextBatchEta: result.nextBatch?.eta ?? null,
    nextBatchQty: result.nextBatch?.qty ?? null,
    peakFrom: result.peak?.from ?? null,
    peakTo: result.peak?.to ?? null,
    peakUpliftBp: result.peak?.upliftBp ?? null,
    staleAfterDays,
    lastReportDate: result.lastReportAsOf,
    lastFillRatioBp: doc.lastFillRatioBp,
    commitmentIds: doc.commitments.map((c) => c.commitmentId),
    openCommitmentIds: open.map((c) => c.commitmentId),
    flags: result.flags,
  };
};

/** A row as of `asOf`: the served row, and (as of its latest event) the plain SQL columns. */
export const presentRow = (
  doc: StockCoverageDoc,
  asOf: IsoDate,
  policy: Policy,
): CoverageFigures & { readonly asOf: IsoDate } => ({ ...figuresOf(doc, asOf, policy), asOf });

/** A snapshot is as of its report date whatever the query's asOf. */
export const presentDaily = (
  doc: StockCoverageDailyDoc,
): CoverageFigures & { readonly reportDate: IsoDate } => ({
  ...doc.figures,
  reportDate: doc.reportDate,
});
