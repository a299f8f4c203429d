// A small book written through the real command handler: an account, its agreement and a supply
// commitment, with a tier override and a change of manager, interleaved across the streams.
import { v4 as uuid } from 'uuid';
import type { AggregateKind } from '../../../domain/kernel/index.js';
import type { DomainCommand } from '../../../src/commands/aggregates.js';
import {
  createCommandHandler,
  type CommandHandler,
  type CommandResult,
} from '../../../src/commands/command-handler.js';
import type { EventStore, SnapshotStore } from '../../../src/ports.js';

export const AT = '2026-03-02T09:00:00.000Z';

export const commands = {
  register: (accountId: string): DomainCommand => ({
    type: 'RegisterAccount',
    data: { accountId, name: `Account ${accountId}`, industry: 'TECHNOLOGY', region: 'East', at: AT },
  }),
  assignManager: (managerId: string): DomainCommand => ({
    type: 'AssignAccountManager',
    data: { managerId, effectiveFrom: '2026-03-02', at: AT },
  }),
  overrideTier: (tier: string, approvedBy: string): DomainCommand => ({
    type: 'OverrideTier',
    data: { tier, reason: 'strategic account', approvedBy, expiresOn: '2026-08-31', at: AT },
  }),
  feedback: (aboutManagerId: string, n: number): DomainCommand => ({
    type: 'RecordFeedback',
    data: { score: (n % 5) + 1, aboutManagerId, comment: `visit ${n}`, at: AT },
  }),
  openRequest: (requestId: string): DomainCommand => ({
    type: 'OpenServiceRequest',
    data: { requestId, kind: 'SUSPENSION', channel: 'HOTLINE', at: AT },
  }),
  resolveRequest: (requestId: string): DomainCommand => ({
    type: 'ResolveServiceRequest',
    data: { requestId, at: AT },
  }),
  draftAgreement: (agreementId: string, accountId: string): DomainCommand => ({
    type: 'DraftAgreement',
    data: {
      agreementId,
      accountId,
      validity: { from: '2026-04-01', to: '2027-03-31' },
      deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 7 },
      priceExpectations: {},
      at: AT,
    },
  }),
  activateAgreement: (): DomainCommand => ({
    type: 'ActivateAgreement',
    data: { signedBy: 'Ms. Chen', signedOn: '2026-03-02', at: AT },
  }),
  createCommitment: (commitmentId: string, accountId: string, agreementId: string): DomainCommand => ({
    type: 'CreateCommitment',
    data: {
      commitmentId,
      accountId,
      agreementId,
      sku: 'SKU-1',
      window: { from: '2026-05-01', to: '2026-08-31' },
      committedQty: 1000,
      at: AT,
    },
  }),
  scheduleBatch: (batchId: string): DomainCommand => ({
    type: 'ScheduleBatch',
    data: { batchId, eta: '2026-06-01', qty: 100, at: AT },
  }),
};

export interface Writer {
  readonly handler: CommandHandler;
  send(aggregate: AggregateKind, id: string, command: DomainCommand, actor?: string): Promise<CommandResult>;
}

export const writer = (store: EventStore, snapshots?: SnapshotStore): Writer => {
  const handler = createCommandHandler({
    store,
    ids: { uuid },
    ...(snapshots === undefined ? {} : { snapshots }),
  });
  return {
    handler,
    send: async (aggregate, aggregateId, command, actor = 'alice') => {
      const outcome = await handler.handle({ aggregate, aggregateId, command, actor });
      if (!outcome.ok)
        throw new Error(`${command.type} on ${aggregateId} failed: ${JSON.stringify(outcome.failure)}`);
      return outcome.result;
    },
  };
};

export const ACCOUNT = 'acme';
export const AGREEMENT = 'acme-2026';
export const COMMITMENT = 'acme-sku-1';

/** The book, in this order; the account's streams end up interleaved in the global log. */
export const writeAccountBook = async ({ send }: Writer): Promise<void> => {
  await send('account', ACCOUNT, commands.register(ACCOUNT)); // account 0
  await send('account', ACCOUNT, commands.assignManager('mgr-li')); // account 1, 2 (activated)
  await send('agreement', AGREEMENT, commands.draftAgreement(AGREEMENT, ACCOUNT), 'bob'); // agreement 0
  await send('account', ACCOUNT, commands.feedback('mgr-li', 1)); // account 3
  await send('agreement', AGREEMENT, commands.activateAgreement(), 'bob'); // agreement 1
  await send('supply', COMMITMENT, commands.createCommitment(COMMITMENT, ACCOUNT, AGREEMENT), 'carol'); // supply 0
  await send('account', ACCOUNT, commands.overrideTier('A', 'dir-zhao'), 'dir-zhao'); // account 4
  await send('supply', COMMITMENT, commands.scheduleBatch('b1'), 'carol'); // supply 1
  await send('account', ACCOUNT, commands.assignManager('mgr-wang')); // account 5
  await send('account', ACCOUNT, commands.feedback('mgr-wang', 2)); // account 6
};

/** An account stream of exactly `events` events (at least 3): registered, managed, then feedback. */
export const writeLongAccount = async (
  { send }: Writer,
  accountId: string,
  events: number,
): Promise<void> => {
  await send('account', accountId, commands.register(accountId));
  await send('account', accountId, commands.assignManager('mgr-li'));
  for (let n = 3; n < events; n += 1) await send('account', accountId, commands.feedback('mgr-li', n));
};
