// The stock of one SKU on a reseller's shelves, day by day: demand (a base rate, the season's
// peak as its commitments state it, the trough after the New Year, promotions, noise) sells
// from stock, deliveries refill it. The demo's weekly stock reports and its batch planning read
// from here.
import { FULL_BP, addDays, type DateRange, type IsoDate } from '../domain/kernel/index.js';
import type { LineScenario } from './account-profile.js';
import type { Random } from './seeded-random.js';
import { inTrough, TROUGH_FACTOR } from './season.js';

export interface PeakSeason extends DateRange {
  readonly upliftBp: number;
}

interface Boost extends DateRange {
  readonly factor: number;
}

export interface StockLineTerms {
  readonly accountId: string;
  readonly sku: string;
  /** Average units sold a day outside peaks and promotions. */
  readonly rate: number;
  readonly batchSize: number;
  readonly leadTimeDays: number;
  readonly scenario: LineScenario;
}

export class StockLine {
  onHand = 0;
  private soldSinceLast = 0;
  /** The last day whose sales are counted; undefined before the line starts. */
  private through: IsoDate | undefined;
  private readonly incoming = new Map<IsoDate, number>();
  private readonly sold = new Map<IsoDate, number>();
  private readonly peaks: PeakSeason[] = [];
  private readonly boosts: Boost[] = [];
  /** Demand nobody planned for: it sells, but expectedDemand does not know it. */
  private readonly surges: Boost[] = [];
  lastReport: IsoDate | undefined;

  constructor(
    readonly terms: StockLineTerms,
    private readonly rng: Random,
  ) {}

  get started(): boolean {
    return this.through !== undefined;
  }

  /** The line starts on `date` with `days` of average demand on the shelf. */
  start(date: IsoDate, days: number): void {
    this.through = addDays(date, -1);
    this.onHand = Math.round(this.terms.rate * days);
  }

  addPeak(peak: PeakSeason): void {
    this.peaks.push(peak);
  }

  /** Demand × factor on the days of the window (a promotion, or a slump); returns its undo. */
  boost(window: DateRange, factor: number): () => void {
    const boost = { ...window, factor };
    this.boosts.push(boost);
    return () => {
      const at = this.boosts.indexOf(boost);
      if (at >= 0) this.boosts.splice(at, 1);
    };
  }

  /** Demand × factor on the days of the window that nobody expected (planning does not see it). */
  surge(window: DateRange, factor: number): void {
    this.surges.push({ ...window, factor });
  }

  expectDelivery(eta: IsoDate, qty: number): void {
    this.incoming.set(eta, (this.incoming.get(eta) ?? 0) + qty);
  }

  /** The demand factor of a day, without noise. */
  private factor(day: IsoDate): number {
    const peak = this.peaks.find((p) => day >= p.from && day <= p.to);
    const boost = this.boosts
      .filter((b) => day >= b.from && day <= b.to)
      .reduce((product, b) => product * b.factor, 1);
    const season = peak !== undefined ? peak.upliftBp / FULL_BP : inTrough(day) ? TROUGH_FACTOR : 1;
    return season * boost;
  }

  /** Expected units sold from `from` to `to`, both included. */
  expectedDemand(from: IsoDate, to: IsoDate): number {
    let total = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) total += this.terms.rate * this.factor(day);
    return total;
  }

  /**
   * The stock expected on the morning of `until` (before its delivery) from today's on hand on
   * the morning of `from`: deliveries due arrive, expected demand sells what is there, no less
   * than nothing.
   */
  projected(from: IsoDate, until: IsoDate): number {
    let stock = this.onHand;
    for (let day = from; day < until; day = addDays(day, 1))
      stock = Math.max(0, stock + (this.incoming.get(day) ?? 0) - this.terms.rate * this.factor(day));
    return stock;
  }

  /** Deliveries due from `from` to `to`, both included. */
  incomingBetween(from: IsoDate, to: IsoDate): number {
    let total = 0;
    for (const [day, qty] of this.incoming) if (day >= from && day <= to) total += qty;
    return total;
  }

  /** Sells and receives day by day through `day`. */
  advanceThrough(day: IsoDate): void {
    if (this.through === undefined) return;
    for (let d = addDays(this.through, 1); d <= day; d = addDays(d, 1)) {
      this.onHand += this.incoming.get(d) ?? 0;
      const surge = this.surges
        .filter((b) => d >= b.from && d <= b.to)
        .reduce((product, b) => product * b.factor, 1);
      const demand = Math.round(this.terms.rate * this.factor(d) * surge * this.rng.between(0.8, 1.2));
      const sold = Math.min(this.onHand, demand);
      this.onHand -= sold;
      this.soldSinceLast += sold;
      this.sold.set(d, sold);
      this.through = d;
    }
  }

  /** The weekly report as of `asOf` (the line has advanced through it): on hand and sold since the last. */
  report(asOf: IsoDate): { readonly onHand: number; readonly soldSinceLast: number } {
    const report = { onHand: this.onHand, soldSinceLast: this.soldSinceLast };
    this.soldSinceLast = 0;
    this.lastReport = asOf;
    return report;
  }

  /** Units sold from `from` to `to`, both included. */
  soldBetween(from: IsoDate, to: IsoDate): number {
    let total = 0;
    for (const [day, qty] of this.sold) if (day >= from && day <= to) total += qty;
    return total;
  }
}
