// Reading and writing a stock coverage row: every event applied to a row moves the day its
// plain columns are computed as of, and the policy they are computed under.
import { dateOf } from '../../domain/kernel/index.js';
import type { ProjectedEvent, ProjectionContext } from '../projection.js';
import { STOCK_COVERAGE, rowKey, type StockCoverageDoc } from './documents.js';
import { recordedPolicyVersion } from './policy.js';

/**
 * The row after `event`: its day never goes back (events of different streams may carry
 * slightly out-of-order `at`s), and its policy is the one the event recorded, if it did.
 */
export const touch = (doc: StockCoverageDoc, event: ProjectedEvent): StockCoverageDoc => {
  const day = dateOf(event.data['at'] as string);
  return {
    ...doc,
    updatedOn: day > doc.updatedOn ? day : doc.updatedOn,
    policyVersion: recordedPolicyVersion(event) ?? doc.policyVersion,
  };
};

export const getRow = (
  context: ProjectionContext,
  accountId: string,
  sku: string,
): StockCoverageDoc | undefined => context.get<StockCoverageDoc>(STOCK_COVERAGE, rowKey(accountId, sku));

export const putRow = (context: ProjectionContext, doc: StockCoverageDoc): void =>
  context.put<StockCoverageDoc>(STOCK_COVERAGE, rowKey(doc.accountId, doc.sku), doc);
