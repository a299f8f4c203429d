// How the account is served: open requests with their SLA due time (an open one breaches once
// it is past due, which depends on the query's date), dated late resolutions, and dated feedback scores.
import type {
  FeedbackRecorded,
  ServiceRequestOpened,
  ServiceRequestResolved,
} from '../../domain/account/index.js';
import { lookup } from '../../domain/kernel/index.js';
import { dateOf } from '../../domain/kernel/index.js';
import type { EventHandlers } from '../event-handlers.js';
import { onAccount } from './on-account.js';

export const serviceHandlers: EventHandlers = {
  ServiceRequestOpened: onAccount<ServiceRequestOpened>((doc, data) => ({
    openRequests: { ...doc.openRequests, [data.requestId]: { openedAt: data.at, slaDueAt: data.slaDueAt } },
  })),
  ServiceRequestResolved: onAccount<ServiceRequestResolved>((doc, data) => {
    const opened = lookup(doc.openRequests, data.requestId);
    return {
      openRequests: Object.fromEntries(
        Object.entries(doc.openRequests).filter(([id]) => id !== data.requestId),
      ),
      // The domain judged it against the due time when it was resolved; a late one is dated, so
      // the trailing window and a past day (when it was still open) can be asked about.
      lateResolutions: data.slaMet
        ? doc.lateResolutions
        : [
            ...doc.lateResolutions,
            { openedAt: opened?.openedAt ?? data.at, slaDueAt: data.slaDueAt, resolvedAt: data.at },
          ],
      // Resolutions recorded before satisfaction existed, or without an answer, have none.
      satisfaction:
        data.satisfaction === undefined
          ? doc.satisfaction
          : [...doc.satisfaction, { on: dateOf(data.at), score: data.satisfaction }],
    };
  }),
  // Every score is kept with its day (a handful a year), so any day's 90-day window can be asked.
  FeedbackRecorded: onAccount<FeedbackRecorded>((doc, data) => ({
    feedback: [...doc.feedback, { on: dateOf(data.at), score: data.score }],
  })),
};
