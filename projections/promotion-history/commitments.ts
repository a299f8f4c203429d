// The internal commitments lookup: supply events after CommitmentCreated carry the commitment
// and account but not the SKU, so the SKU (and the report chain's last day, to know what span a
// report's sales cover) is kept per commitment.
import type { IsoDate, Peak } from '../../domain/kernel/index.js';
import { collection } from '../projection.js';

export interface CommitmentDoc {
  readonly commitmentId: string;
  readonly accountId: string;
  readonly sku: string;
  readonly peak: Peak | null;
  /** The day of the latest stock report; null before the first. */
  readonly lastReportAsOf: IsoDate | null;
}

export const commitmentsCollection = collection<CommitmentDoc>({
  table: 'promotion_history_commitments',
  key: 'commitment_id',
  columns: [
    { name: 'account_id', type: 'TEXT', description: 'The account.' },
    { name: 'sku', type: 'TEXT', description: 'The SKU committed.' },
    { name: 'last_report_as_of', type: 'TEXT', description: 'The day of the latest stock report.' },
  ],
  indexes: [],
  toRow: (doc) => ({ account_id: doc.accountId, sku: doc.sku, last_report_as_of: doc.lastReportAsOf }),
  internal: true,
});
