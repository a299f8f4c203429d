// The handlers of the supply events a promotion row depends on: CommitmentCreated gives the
// commitment's SKU and peak, StockPositionReported the account's sales. Either may arrive before
// or after the promotions they concern; the account × SKU index finds the rows to bring up to date.
import { dateOf, rangesOverlap } from '../../domain/kernel/index.js';
import type { CommitmentCreated, StockPositionReported } from '../../domain/supply/index.js';
import { on, type EventHandlers } from '../event-handlers.js';
import type { ProjectionContext } from '../projection.js';
import type { CommitmentDoc } from './commitments.js';
import { accountSkuKey, COMMITMENTS, PROMOTIONS, SALES } from './keys.js';
import { withPeaks, withSales } from './measurements.js';
import type { PromotionDoc } from './promotion-row.js';
import { commitmentStart, firstReportSpan, spanTouches, type SalesDoc, type SalesSpan } from './sales.js';
import { putSkuLinks, skuLinksOf } from './sku-links.js';
import { baselineRange } from './uplift.js';

/** Rewrites the promotions naming the SKU that `update` changes (it returns undefined when not). */
const updatePromotions = (
  context: ProjectionContext,
  accountId: string,
  sku: string,
  update: (doc: PromotionDoc) => PromotionDoc | undefined,
): void => {
  for (const key of skuLinksOf(context, accountId, sku).promotionKeys) {
    const doc = context.get<PromotionDoc>(PROMOTIONS, key);
    const updated = doc === undefined ? undefined : update(doc);
    if (updated !== undefined) context.put<PromotionDoc>(PROMOTIONS, key, updated);
  }
};

const commitmentCreated = (data: CommitmentCreated['data'], context: ProjectionContext): void => {
  // A repeated creation must not forget the report chain already seen.
  if (context.get<CommitmentDoc>(COMMITMENTS, data.commitmentId) !== undefined) return;
  context.put<CommitmentDoc>(COMMITMENTS, data.commitmentId, {
    commitmentId: data.commitmentId,
    accountId: data.accountId,
    sku: data.sku,
    peak: data.peak,
    start: commitmentStart(data.window, dateOf(data.at)),
    lastReportAsOf: null,
  });
  if (data.peak === null) return;
  const links = skuLinksOf(context, data.accountId, data.sku);
  const { from, to, upliftBp } = data.peak;
  putSkuLinks(context, {
    ...links,
    peaks: [...links.peaks, { commitmentId: data.commitmentId, from, to, upliftBp }],
  });
  // A peak over a promotion's baseline or window changes its peaks and how its sales are weighed.
  const peakRange = { from, to };
  updatePromotions(context, data.accountId, data.sku, (doc) =>
    rangesOverlap(peakRange, { from: baselineRange(doc.window).from, to: doc.window.to })
      ? withPeaks(context, withSales(context, doc))
      : undefined,
  );
};

const stockPositionReported = (data: StockPositionReported['data'], context: ProjectionContext): void => {
  const commitment = context.get<CommitmentDoc>(COMMITMENTS, data.commitmentId);
  // Without its CommitmentCreated the SKU is unknown: the report can't be attributed.
  if (commitment === undefined) return;
  const previous = commitment.lastReportAsOf;
  // The decider accepts only newer reports; an older one would make a span run backwards.
  if (previous !== null && data.asOf <= previous) return;
  context.put<CommitmentDoc>(COMMITMENTS, commitment.commitmentId, {
    ...commitment,
    lastReportAsOf: data.asOf,
  });
  const { accountId, sku } = commitment;
  const key = accountSkuKey(accountId, sku);
  const sales = context.get<SalesDoc>(SALES, key) ?? { accountId, sku, spans: [] };
  // Every report counts; a first one's span is found from the account × SKU's reports (sales.ts).
  const span: SalesSpan =
    previous === null
      ? firstReportSpan(sales.spans, commitment.start, data.asOf, data.soldSinceLast)
      : { after: previous, through: data.asOf, sold: data.soldSinceLast };
  context.put<SalesDoc>(SALES, key, { ...sales, spans: [...sales.spans, span] });
  // Only promotions whose baseline or window the span reaches change.
  updatePromotions(context, accountId, sku, (doc) =>
    spanTouches(span, { from: baselineRange(doc.window).from, to: doc.window.to })
      ? withSales(context, doc)
      : undefined,
  );
};

export const supplyHandlers: EventHandlers = {
  CommitmentCreated: on<CommitmentCreated>((data, _event, context) => commitmentCreated(data, context)),
  StockPositionReported: on<StockPositionReported>((data, _event, context) =>
    stockPositionReported(data, context),
  ),
};
