// Service requests, one point of access: any request is opened with one call, sized by its
// kind, and owes an SLA: small requests by the effective tier, large ones the same for all.
import {
  accept,
  addHours,
  dateOf,
  lookup,
  reject,
  type Policy,
  type Tier,
  type Decision,
} from '../kernel/index.js';
import type { OpenServiceRequest, ResolveServiceRequest } from './commands.js';
import type { AccountContext } from './context.js';
import type { AccountEvent } from './events.js';
import { sizeOfKind, type ServiceRequestSize } from './service-request-kinds.js';
import type { RegisteredAccount } from './state.js';
import { effectiveTier } from './tier-override.js';

export const slaHours = (size: ServiceRequestSize, tier: Tier, policy: Policy): number =>
  size === 'SMALL' ? policy.tiers[tier].smallRequestSlaHours : policy.largeRequestSlaHours;

export const openServiceRequest = (
  { data }: OpenServiceRequest,
  account: RegisteredAccount,
  { policy }: AccountContext,
): Decision<AccountEvent> => {
  const { accountId } = account;
  if (lookup(account.openRequests, data.requestId) !== undefined) {
    return reject('SERVICE_REQUEST_ALREADY_OPEN', `Service request ${data.requestId} is open already`, {
      accountId,
      requestId: data.requestId,
    });
  }
  if (data.channel === 'MANAGER' && account.managerId === null) {
    return reject('NO_ACCOUNT_MANAGER', `Account ${accountId} has no manager to take the request`, {
      accountId,
      requestId: data.requestId,
    });
  }
  const size = sizeOfKind(data.kind);
  const tier = effectiveTier(account, dateOf(data.at));
  return accept({
    type: 'ServiceRequestOpened',
    data: {
      accountId,
      requestId: data.requestId,
      kind: data.kind,
      channel: data.channel,
      size,
      tier,
      slaDueAt: addHours(data.at, slaHours(size, tier, policy)),
      policyVersion: policy.version,
      at: data.at,
    },
  });
};

export const resolveServiceRequest = (
  { data }: ResolveServiceRequest,
  account: RegisteredAccount,
): Decision<AccountEvent> => {
  const { accountId } = account;
  const request = lookup(account.openRequests, data.requestId);
  if (request === undefined) {
    return reject('SERVICE_REQUEST_NOT_OPEN', `No open service request ${data.requestId}`, {
      accountId,
      requestId: data.requestId,
    });
  }
  if (data.at < request.openedAt) {
    return reject(
      'SERVICE_REQUEST_RESOLVED_BEFORE_OPENED',
      `Service request ${data.requestId} cannot be resolved before it was opened`,
      { accountId, requestId: data.requestId, openedAt: request.openedAt, resolvedAt: data.at },
    );
  }
  return accept({
    type: 'ServiceRequestResolved',
    data: {
      accountId,
      requestId: data.requestId,
      kind: request.kind,
      size: request.size,
      slaDueAt: request.slaDueAt,
      // Timestamps are normalised UTC ISO strings, so string order is time order.
      slaMet: data.at <= request.slaDueAt,
      ...(data.satisfaction === undefined ? {} : { satisfaction: data.satisfaction }),
      ...(data.causeCode === undefined ? {} : { causeCode: data.causeCode }),
      at: data.at,
    },
  });
};
