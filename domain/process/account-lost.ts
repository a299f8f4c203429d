// An account is lost: its agreements are terminated and its commitments closed, each with a
// command id derived from the AccountLost event id.
import type { AccountLost } from '../account/index.js';
import type { ProcessCommand } from './process-command.js';

export interface AccountLostTrigger {
  /** The id of the AccountLost event. */
  readonly eventId: string;
  readonly event: AccountLost;
}

/** The account's other streams, as the application found them. */
export interface AccountStreams {
  readonly agreementIds: readonly string[];
  readonly commitmentIds: readonly string[];
}

export const onAccountLost = (
  { eventId, event }: AccountLostTrigger,
  streams: AccountStreams,
): ProcessCommand[] => {
  const reason = `Account ${event.data.accountId} lost: ${event.data.reason}`;
  const at = event.data.at;
  return [
    ...streams.agreementIds.map((agreementId): ProcessCommand => ({
      commandId: `${eventId}:terminate-agreement:${agreementId}`,
      aggregate: 'agreement',
      aggregateId: agreementId,
      command: { type: 'TerminateAgreement', data: { reason, at } },
    })),
    ...streams.commitmentIds.map((commitmentId): ProcessCommand => ({
      commandId: `${eventId}:close-commitment:${commitmentId}`,
      aggregate: 'supply',
      aggregateId: commitmentId,
      command: { type: 'CloseCommitment', data: { reason, at } },
    })),
  ];
};
