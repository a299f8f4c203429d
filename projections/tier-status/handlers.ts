// How an event reaches a document: a handler per event type, and `onAccount` to fold an event
// into its account's tier_status document (every event this projection handles names its account).
import { dateOf, type IsoDateTime } from '../../domain/kernel/index.js';
import type { ProjectedEvent, ProjectionContext } from '../projection.js';
import { TIER_STATUS, type TierStatusDoc } from './documents.js';

export type Handler = (event: ProjectedEvent, context: ProjectionContext) => void;
export type Handlers = Readonly<Record<string, Handler>>;

interface AccountEventData {
  readonly accountId: string;
  readonly at: IsoDateTime;
  readonly policyVersion?: string;
}

/**
 * Folds one event into its account's document. An event of an account whose registration this
 * projection has not seen is ignored: the domain writes none (every command needs the account),
 * and a row without name and industry would be worse than no row.
 */
export const onAccount =
  <Data extends AccountEventData>(reduce: (doc: TierStatusDoc, data: Data) => TierStatusDoc): Handler =>
  (event, context) => {
    const data = event.data as unknown as Data;
    const doc = context.get<TierStatusDoc>(TIER_STATUS, data.accountId);
    if (doc === undefined) return;
    const day = dateOf(data.at);
    const next = reduce({ ...doc, policyVersion: data.policyVersion ?? doc.policyVersion }, data);
    context.put<TierStatusDoc>(TIER_STATUS, data.accountId, {
      ...next,
      // The latest day, not the last event's: streams interleave and their clocks may differ a little.
      lastEventOn: day > doc.lastEventOn ? day : doc.lastEventOn,
    });
  };
