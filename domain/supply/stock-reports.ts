// The account's own stock and sell-through, reported as of a day. Reports arrive in order:
// each is newer than the last, so sales between two reports are never counted twice.
import * as E from 'fp-ts/lib/Either.js';
import { accept, domainError, type Decision } from '../kernel/index.js';
import type { ReportStockPosition } from './commands.js';
import { STOCK_REPORT_NOT_NEWER } from './errors.js';
import type { StockPositionReported, SupplyEvent } from './events.js';
import { lastStockReport, type Commitment } from './state.js';

/** No check of the account or the agreement: the stock on the account's shelves is a fact either way. */
export const reportStockPosition = ({ data }: ReportStockPosition, c: Commitment): Decision<SupplyEvent> => {
  const last = lastStockReport(c);
  if (last !== undefined && data.asOf <= last.asOf) {
    return E.left(
      domainError(
        STOCK_REPORT_NOT_NEWER,
        `A stock report as of ${data.asOf} is not newer than the last, ${last.asOf}`,
        {
          asOf: data.asOf,
          lastAsOf: last.asOf,
        },
      ),
    );
  }
  const reported: StockPositionReported = {
    type: 'StockPositionReported',
    data: {
      commitmentId: c.commitmentId,
      accountId: c.accountId,
      asOf: data.asOf,
      onHand: data.onHand,
      soldSinceLast: data.soldSinceLast,
      at: data.at,
    },
  };
  return accept(reported);
};
