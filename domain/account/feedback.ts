// The account's view of its manager, asked for regularly: a score 1–5 and an optional comment.
import { accept, FreeText, integerBetween, reject, type Decision } from '../kernel/index.js';
import type { RecordFeedback } from './commands.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';

export const FeedbackScore = integerBetween(1, 5, 'FeedbackScore');

/** May be empty (a score alone is feedback), bounded and checked like every free text. */
export const FeedbackComment = FreeText;

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
