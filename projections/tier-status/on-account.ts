// How an event reaches its account's tier_status document: every event this projection handles
// names its account.
import { dateOf, type IsoDateTime } from '../../domain/kernel/index.js';
import { on, type EventHandler } from '../event-handlers.js';
import { TIER_STATUS, type TierStatusDoc } from './documents.js';

interface AccountEventData {
  readonly accountId: string;
  readonly at: IsoDateTime;
  readonly policyVersion?: string;
}

/** What an event changes of its account's document: the fields it sets, none for `{}`. */
export type AccountChange = Partial<TierStatusDoc>;

/**
 * Folds one event into its account's document. An event of an account whose registration this
 * projection has not seen is ignored: the domain writes none (every command needs the account),
 * and a row without name and industry would be worse than no row. The handler names only what
 * it changes, so the document is copied once per event (a stored document is frozen, and a
 * frozen object is slow to spread).
 */
export const onAccount = <E extends { readonly data: AccountEventData }>(
  change: (doc: TierStatusDoc, data: E['data']) => AccountChange,
): EventHandler =>
  on<E>((data, _event, context) => {
    const doc = context.get<TierStatusDoc>(TIER_STATUS, data.accountId);
    if (doc === undefined) return;
    const day = dateOf(data.at);
    // Every field is in the document from its registration: the keys keep their order.
    context.put<TierStatusDoc>(TIER_STATUS, data.accountId, {
      ...doc,
      ...change(doc, data),
      policyVersion: data.policyVersion ?? doc.policyVersion,
      // The latest day, not the last event's: streams interleave and their clocks may differ a little.
      lastEventOn: day > doc.lastEventOn ? day : doc.lastEventOn,
    });
  });
