// The internal commitments lookup: supply events after CommitmentCreated carry the commitment
// and account but not the SKU, so the SKU is kept per commitment, with what tells the span a
// report's sales cover: the day the commitment started tracking and its report chain's last day.
import type { IsoDate, Peak } from '../../domain/kernel/index.js';
import { collection } from '../projection.js';

export interface CommitmentDoc {
  readonly commitmentId: string;
  readonly accountId: string;
  readonly sku: string;
  readonly peak: Peak | null;
  /** The later of the window's first day and the day of creation: a first report's sales start no earlier. */
  readonly start: IsoDate;
  /** The day of the latest stock report; null before the first. */
  readonly lastReportAsOf: IsoDate | null;
}

export const commitmentsCollection = collection<CommitmentDoc>({
  table: 'promotion_history_commitments',
  key: 'commitment_id',
  columns: [
    { name: 'account_id', type: 'TEXT', description: 'The account.' },
    { name: 'sku', type: 'TEXT', description: 'The SKU committed.' },
    { name: 'start', type: 'TEXT', description: 'The first day the commitment tracks sales.' },
    { name: 'last_report_as_of', type: 'TEXT', description: 'The day of the latest stock report.' },
  ],
  indexes: [],
  toRow: (doc) => ({
    account_id: doc.accountId,
    sku: doc.sku,
    start: doc.start,
    last_report_as_of: doc.lastReportAsOf,
  }),
  internal: true,
});
