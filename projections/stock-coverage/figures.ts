// The figures of one account × SKU as of a day: the commitments of the row combined into one
// input for the domain's coverage() (the math and the flags live there, not here), flattened
// into presented fields. The same figures give the plain SQL columns (as of the row's last
// event), the served rows (as of the query's asOf) and the daily snapshots (as of the report).
import { effectiveTier } from '../../domain/account/index.js';
import type { AccountStatus, IsoDate, Peak, Policy, Tier } from '../../domain/kernel/index.js';
import {
  coverage,
  onTimeInFull,
  type BatchGroup,
  type CoverageFlag,
  type DatedQty,
} from '../../domain/supply/index.js';
import type {
  DatedFillRatio,
  RowCommitment,
  StatusChange,
  StockCoverageDailyDoc,
  StockCoverageDoc,
  TierStanding,
} from './documents.js';

/**
 * Everything a row shows besides its date (asOf or reportDate), in presented (camelCase) form.
 * A type, not an interface: it must fit a PresentedRow's index signature.
 */
export type CoverageFigures = {
  readonly accountId: string;
  readonly sku: string;
  readonly industry: string | null;
  readonly region: string | null;
  readonly tier: Tier;
  readonly accountStatus: AccountStatus;
  readonly inService: boolean;
  readonly onHand: number | null;
  readonly deliveredSinceReport: number | null;
  readonly estimatedOnHand: number | null;
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
  readonly accountOtifBp: number | null;
  readonly accountBatchesDue: number;
  readonly commitmentIds: readonly string[];
  readonly openCommitmentIds: readonly string[];
  readonly flags: readonly CoverageFlag[];
};

/** The domain's rule on the row's copy of the account's tier and override. */
export const tierOn = (standing: TierStanding, date: IsoDate): Tier => effectiveTier(standing, date);

const sumUpTo = (moves: readonly DatedQty[], asOf: IsoDate): number => {
  let sum = 0;
  for (const m of moves) if (m.on <= asOf) sum += m.qty;
  return sum;
};

/** Delivered by the day. */
const deliveredOf = (c: RowCommitment, asOf: IsoDate): number => {
  let sum = 0;
  for (const b of c.batches) sum += sumUpTo(b.deliveries, asOf);
  return sum;
};

/** The latest entry on or before the day (entries oldest first); undefined before the first. */
const lastOnOrBefore = <T extends { readonly on: IsoDate }>(
  entries: readonly T[],
  asOf: IsoDate,
): T | undefined => {
  let found: T | undefined;
  for (const entry of entries) if (entry.on <= asOf) found = entry;
  return found;
};

/** The committed quantity on the day (the first one before any change). */
const committedOn = (c: RowCommitment, asOf: IsoDate): number =>
  lastOnOrBefore(c.committedChanges, asOf)?.qty ?? c.committedQty;

const existsOn = (c: RowCommitment, asOf: IsoDate): boolean => c.createdOn <= asOf;
const openOn = (c: RowCommitment, asOf: IsoDate): boolean =>
  existsOn(c, asOf) && (c.closedOn === null || c.closedOn > asOf);

/**
 * The account's status on the day: the latest change on or before it (before any, the first
 * known); an account whose stream was never seen had commitments, so it was served: ACTIVE.
 */
export const statusOn = (statuses: readonly StatusChange[], asOf: IsoDate): AccountStatus =>
  lastOnOrBefore(statuses, asOf)?.status ?? statuses.at(0)?.status ?? 'ACTIVE';

const fillRatioOn = (allocations: readonly DatedFillRatio[], asOf: IsoDate): number | null =>
  lastOnOrBefore(allocations, asOf)?.fillRatioBp ?? null;

/** Ratios and averages are served to 2 decimals. */
const twoDecimals = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 100) / 100;

/** Quantities are served in whole units (`+ 0` turns a −0 into 0). */
const wholeUnits = (value: number | null): number | null => (value === null ? null : Math.round(value) + 0);

const byDate = (a: IsoDate, b: IsoDate): number => (a < b ? -1 : a > b ? 1 : 0);

const peaksOf = (commitments: readonly RowCommitment[]): Peak[] => {
  const peaks: Peak[] = [];
  for (const c of commitments) if (c.peak !== null) peaks.push(c.peak);
  return peaks;
};

/** Of equal dates the first listed wins (the order the commitments were created in). */
const peakAmong = (peaks: readonly Peak[], asOf: IsoDate): Peak | null => {
  let ahead: Peak | null = null;
  let last: Peak | null = null;
  for (const p of peaks) {
    if (p.to >= asOf && (ahead === null || (byDate(p.from, ahead.from) || byDate(p.to, ahead.to)) < 0))
      ahead = p;
    if (last === null || p.to > last.to) last = p;
  }
  return ahead ?? last;
};

/**
 * coverage() takes one peak. With several commitments (windows) the one that matters on
 * `asOf` is the next season not yet over: the earliest to start among those ending on asOf or
 * later. When every peak is over, the one that ended last, so the row still names the latest
 * season. With one commitment this is always its own peak, as coverage() expects.
 */
export const peakOn = (commitments: readonly RowCommitment[], asOf: IsoDate): Peak | null =>
  peakAmong(peaksOf(commitments), asOf);

/** The largest; null for none. */
const maxOf = (values: readonly number[]): number | null =>
  values.length === 0 ? null : Math.max(...values);

/**
 * How several commitments of one account × SKU become one coverage input, as of the day (a
 * commitment created later does not exist yet; one closed later is open):
 * - stock: one series (the account holds one stock of the SKU, whichever commitment reported it);
 * - committed and delivered: summed over the commitments; remaining committed only over the
 *   OPEN ones, since a closed commitment's undelivered quantity will not come;
 * - batches: all of them, with their days (what a closed commitment delivered is on the shelf;
 *   what it did not deliver will not come), seen as of the day by coverage();
 * - safety days and lead time: the largest among the open commitments (all when none is open),
 *   the cautious choice when their terms differ;
 * - peak: see peakOn, and every commitment's peak for the uplift of past and coming days;
 * - last fill ratio: the latest allocation of any of them up to the day.
 * A row of a LOST account or with no open commitment keeps its figures and raises no flag.
 * Figures are exact in coverage(); here they are rounded to be served.
 */
export const figuresOf = (doc: StockCoverageDoc, asOf: IsoDate, policy: Policy): CoverageFigures => {
  const known: RowCommitment[] = [];
  const open: RowCommitment[] = [];
  let deliveredQty = 0;
  let committedQty = 0;
  let remainingCommitted = 0;
  const batchGroups: BatchGroup[] = [];
  for (const c of doc.commitments) {
    if (!existsOn(c, asOf)) continue;
    known.push(c);
    const delivered = deliveredOf(c, asOf);
    const committed = committedOn(c, asOf);
    deliveredQty += delivered;
    committedQty += committed;
    if (openOn(c, asOf)) {
      open.push(c);
      remainingCommitted += Math.max(0, committed - delivered);
    }
    // All of them, each with its commitment's closing day.
    batchGroups.push({ closedOn: c.closedOn, batches: c.batches });
  }
  // A row is created with its first commitment; before that day its figures are the first one's.
  const seen = known.length > 0 ? known : doc.commitments;
  const terms = open.length > 0 ? open : seen;
  const safetyDays = maxOf(terms.map((c) => c.safetyDays)) ?? policy.tiers.NONE.safetyDays;
  const leadTimeDays = maxOf(terms.flatMap((c) => (c.leadTimeDays === null ? [] : [c.leadTimeDays])));
  const tier = tierOn(doc.tierFacts, asOf);
  const staleAfterDays = policy.tiers[tier].staleAfterDays;
  const accountStatus = statusOn(doc.account.statuses, asOf);
  const inService = accountStatus !== 'LOST' && open.length > 0;
  const lastFillRatioBp = fillRatioOn(doc.allocations, asOf);
  const peaks = peaksOf(seen);
  const result = coverage({
    asOf,
    reports: doc.reports,
    batches: [],
    batchGroups,
    // coverage() takes remaining = committed − delivered: give it the open commitments' remainder.
    committedQty: deliveredQty + remainingCommitted,
    deliveredQty,
    peak: peakAmong(peaks, asOf),
    peaks,
    safetyDays,
    // An agreement never seen: no lead time known, so projected stock is looked at for today.
    leadTimeDays: leadTimeDays ?? 0,
    staleAfterDays,
    lastFillRatioBp,
    accountLost: accountStatus === 'LOST',
    closed: open.length === 0,
    policy,
  });
  const otif = onTimeInFull(doc.account.batches, asOf);
  return {
    accountId: doc.accountId,
    sku: doc.sku,
    industry: doc.industry,
    region: doc.region ?? null,
    tier,
    accountStatus,
    inService,
    onHand: result.onHand,
    deliveredSinceReport: result.deliveredSinceReport,
    estimatedOnHand: wholeUnits(result.estimatedOnHand),
    adsStatus: result.adsStatus,
    insufficientData: result.adsStatus === 'INSUFFICIENT_DATA',
    ads: twoDecimals(result.ads),
    adsDays: result.adsDays,
    dos: twoDecimals(result.dos),
    weeksOfCover: twoDecimals(result.weeksOfCover),
    safetyDays,
    safetyStock: wholeUnits(result.safetyStock),
    leadTimeDays,
    projectedAtLeadTime: wholeUnits(result.projectedAtLeadTime),
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
    lastFillRatioBp,
    accountOtifBp: otif.rateBp,
    accountBatchesDue: otif.due,
    commitmentIds: known.map((c) => c.commitmentId),
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
