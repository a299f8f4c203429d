// The account's view of its manager, asked for regularly: a score 1–5 and an optional comment.
import * as t from 'io-ts';
import { accept, integerBetween, refine, reject, type Decision } from '../kernel/index.js';
import type { RecordFeedback } from './commands.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';

export const FeedbackScore = integerBetween(1, 5, 'FeedbackScore');

/** May be empty (a score alone is feedback), bounded like every free text. */
export const FeedbackComment = refine(
  t.string,
  (s) => s.length <= 2000,
  'FeedbackComment',
  'must be a string of at most 2000 characters',
  { maxLength: 2000 },
);

/** Feedback is about someone who manages or managed this account, or it belongs elsewhere. */
export const recordFeedback = (
  { data }: RecordFeedback,
  account: RegisteredAccount,
): Decision<AccountEvent> => {
  if (!account.managerHistory.includes(data.aboutManagerId)) {
    return reject(
      'NOT_A_MANAGER_OF_ACCOUNT',
      `${data.aboutManagerId} has never managed account ${account.accountId}`,
      { accountId: account.accountId, aboutManagerId: data.aboutManagerId },
    );
  }
  return accept({
    type: 'FeedbackRecorded',
    data: {
      accountId: account.accountId,
      score: data.score,
      aboutManagerId: data.aboutManagerId,
      comment: data.comment,
      at: data.at,
    },
  });
};
