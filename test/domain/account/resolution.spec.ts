// A resolved request may carry the account's satisfaction (1–5) and a complaint cause; requests
// resolved before those existed still read, fold and count as they were stored.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  accountDecider,
  accountEvents,
  COMPLAINT_CAUSES,
  ResolveServiceRequest,
  ServiceRequestResolved,
} from '../../../domain/account/index.js';
import { describeErrors, fold, POLICY_V2 } from '../../../domain/kernel/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import { activeAccount, AT, commands, events } from './builders.js';

const spec = deciderSpecification(accountDecider, { policy: POLICY_V2, group: null });
const opened = () => [...activeAccount(), events.requestOpened()];

describe('resolving with satisfaction and cause', () => {
  it('records the satisfaction and the complaint cause on the resolution', () => {
    spec(opened())
      .when(commands.resolveRequest('sr-1', AT, { satisfaction: 2, causeCode: 'NETWORK_QUALITY' }))
      .then([events.requestResolved({ satisfaction: 2, causeCode: 'NETWORK_QUALITY' })]);
  });

  it('records a satisfaction without a cause: not every request is a complaint', () => {
    spec(opened())
      .when(commands.resolveRequest('sr-1', AT, { satisfaction: 5 }))
      .then([events.requestResolved({ satisfaction: 5 })]);
  });

  it('resolves without either, as before', () => {
    spec(opened()).when(commands.resolveRequest('sr-1', AT)).then([events.requestResolved()]);
  });

  it('rejects a satisfaction outside 1–5 and an unknown cause at the door', () => {
    const decoded = ResolveServiceRequest.decode({
      type: 'ResolveServiceRequest',
      data: { requestId: 'sr-1', at: AT, satisfaction: 6, causeCode: 'WEATHER' },
    });
    expect(E.isLeft(decoded) && describeErrors(decoded.left)).toEqual([
      { path: 'data.satisfaction', message: 'must be an integer from 1 to 5' },
      { path: 'data.causeCode', message: `must be one of ${COMPLAINT_CAUSES.join(', ')}` },
    ]);
    const zero = ResolveServiceRequest.decode({
      type: 'ResolveServiceRequest',
      data: { requestId: 'sr-1', at: AT, satisfaction: 0 },
    });
    expect(E.isLeft(zero)).toBe(true);
  });

  it('still rejects resolving a request that is not open, whatever the satisfaction', () => {
    spec(activeAccount())
      .when(commands.resolveRequest('sr-1', AT, { satisfaction: 1, causeCode: 'STAFF' }))
      .rejects('SERVICE_REQUEST_NOT_OPEN');
  });

  it('lists the causes of DOMAIN.md', () => {
    expect(COMPLAINT_CAUSES).toEqual(['PRODUCT', 'DELIVERY', 'BILLING', 'NETWORK_QUALITY', 'STAFF', 'OTHER']);
  });
});

describe('resolutions stored before satisfaction existed', () => {
  const stored = {
    accountId: 'acme-logistics',
    requestId: 'sr-1',
    kind: 'SIM_REPLACEMENT',
    size: 'SMALL',
    slaDueAt: '2026-03-07T09:00:00.000Z',
    slaMet: true,
    at: AT,
  };
  const definition = accountEvents.find((event) => event.type === 'ServiceRequestResolved')!;

  it('decode as they were stored, with no satisfaction or cause', () => {
    expect(definition.data.decode(stored)).toEqual(E.right(stored));
    expect(ServiceRequestResolved.is({ type: 'ServiceRequestResolved', data: stored })).toBe(true);
  });

  it('fold to the same state as a resolution with them', () => {
    const old = fold(accountDecider, [...opened(), events.requestResolved()]);
    const now = fold(accountDecider, [
      ...opened(),
      events.requestResolved({ satisfaction: 3, causeCode: 'OTHER' }),
    ]);
    expect(old).toEqual(now);
    expect(old).toMatchObject({ openRequests: {} });
  });

  it('are still refused with a satisfaction out of range: an optional field is checked when present', () => {
    expect(E.isLeft(definition.data.decode({ ...stored, satisfaction: 9 }))).toBe(true);
  });
});
