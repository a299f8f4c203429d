// How the account is served: open requests with their SLA due time (an open one breaches once
// it is past due, which depends on the query's date), late resolutions, and dated feedback scores.
import type {
  FeedbackRecorded,
  ServiceRequestOpened,
  ServiceRequestResolved,
} from '../../domain/account/index.js';
import { dateOf } from '../../domain/kernel/index.js';
import type { EventHandlers } from '../event-handlers.js';
import { onAccount } from './on-account.js';

export const serviceHandlers: EventHandlers = {
  ServiceRequestOpened: onAccount<ServiceRequestOpened>((doc, data) => ({
    ...doc,
    openRequests: { ...doc.openRequests, [data.requestId]: data.slaDueAt },
  })),
  ServiceRequestResolved: onAccount<ServiceRequestResolved>((doc, data) => ({
    ...doc,
    openRequests: Object.fromEntries(
      Object.entries(doc.openRequests).filter(([id]) => id !== data.requestId),
    ),
    // The domain judged it against the due time when it was resolved.
    resolvedLate: doc.resolvedLate + (data.slaMet ? 0 : 1),
  })),
  // Every score is kept with its day (a handful a year), so any day's 90-day window can be asked.
  FeedbackRecorded: onAccount<FeedbackRecorded>((doc, data) => ({
    ...doc,
    feedback: [...doc.feedback, { on: dateOf(data.at), score: data.score }],
  })),
};
