// What the supply side did to the account: stock-outs reported, allocations that cut what was
// requested, and batches (for the late deliveries). Every supply event names its account.
import type {
  BatchDelivered,
  BatchScheduled,
  CommitmentClosed,
  StockPositionReported,
  SupplyAllocated,
} from '../../domain/supply/index.js';
import { dateOf, FULL_BP, lookup, type IsoDateTime } from '../../domain/kernel/index.js';
import { on, type EventHandler, type EventHandlers } from '../event-handlers.js';
import { ACCOUNT_RISK, type AccountRiskDoc } from './documents.js';

/** Folds a supply event into its account's document; one of an account not seen registered is ignored. */
const onSupply = <E extends { readonly data: { readonly accountId: string; readonly at: IsoDateTime } }>(
  reduce: (doc: AccountRiskDoc, data: E['data']) => AccountRiskDoc,
): EventHandler =>
  on<E>((data, _event, context) => {
    const doc = context.get<AccountRiskDoc>(ACCOUNT_RISK, data.accountId);
    if (doc === undefined) return;
    const day = dateOf(data.at);
    const next = reduce(doc, data);
    const lastEventOn = day > doc.lastEventOn ? day : doc.lastEventOn;
    // A report that changes nothing (stock on hand, the same day) leaves the document as it was.
    if (next !== doc || lastEventOn !== doc.lastEventOn)
      context.put<AccountRiskDoc>(ACCOUNT_RISK, data.accountId, { ...next, lastEventOn });
  });

const batchKey = (data: { readonly commitmentId: string; readonly batchId: string }): string =>
  `${data.commitmentId}/${data.batchId}`;

export const supplyHandlers: EventHandlers = {
  StockPositionReported: onSupply<StockPositionReported>((doc, data) =>
    data.onHand === 0 ? { ...doc, stockOuts: [...doc.stockOuts, dateOf(data.at)] } : doc,
  ),
  SupplyAllocated: onSupply<SupplyAllocated>((doc, data) =>
    data.fillRatioBp < FULL_BP ? { ...doc, allocationCuts: [...doc.allocationCuts, dateOf(data.at)] } : doc,
  ),
  BatchScheduled: onSupply<BatchScheduled>((doc, data) => ({
    ...doc,
    batches: {
      ...doc.batches,
      [batchKey(data)]: {
        commitmentId: data.commitmentId,
        eta: data.eta,
        qty: data.qty,
        scheduledOn: dateOf(data.at),
        deliveries: [],
      },
    },
  })),
  BatchDelivered: onSupply<BatchDelivered>((doc, data) => {
    const batch = lookup(doc.batches, batchKey(data));
    if (batch === undefined) return doc;
    const deliveries = [...batch.deliveries, { on: dateOf(data.at), qty: data.qty }];
    return { ...doc, batches: { ...doc.batches, [batchKey(data)]: { ...batch, deliveries } } };
  }),
  CommitmentClosed: onSupply<CommitmentClosed>((doc, data) => ({
    ...doc,
    closedCommitments: { ...doc.closedCommitments, [data.commitmentId]: dateOf(data.at) },
  })),
};
