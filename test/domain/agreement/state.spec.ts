import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { AgreementEvent, agreementDecider, initialState } from '../../../domain/agreement/index.js';
import { fold, money } from '../../../domain/kernel/index.js';
import {
  activated,
  atDay,
  RESULT_AT,
  baseDiscountSet,
  cancelled,
  drafted,
  extended,
  proposed,
  approved,
  rebateAccrued,
  resultRecorded,
  terminated,
  expired,
} from './builders.js';

const stateOf = (events: readonly AgreementEvent[]) => fold(agreementDecider, events);

describe('Agreement state', () => {
  it('starts as no agreement', () => {
    expect(stateOf([])).toEqual({ exists: false });
    expect(initialState).toEqual({ exists: false });
  });

  it('holds the drafted terms, no discount, no signature, no promotions or rebates', () => {
    expect(stateOf([drafted()])).toEqual({
      exists: true,
      agreementId: 'AG-1',
      accountId: 'ACC-1',
      status: 'DRAFT',
      validity: { from: '2026-01-01', to: '2026-12-31' },
      tierAtSigning: 'A',
      baseDiscountBp: 0,
      baseDiscountSetUnder: null,
      deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 5 },
      priceExpectations: { 'SKU-1': money(1000) },
      signature: null,
      promotions: {},
      rebates: {},
      terminationReason: null,
      endedOn: null,
    });
  });

  it('keeps the base discount with the cap and tier it was set under', () => {
    expect(stateOf([drafted(), baseDiscountSet(800, { capBp: 1200, tier: 'B' })])).toMatchObject({
      baseDiscountBp: 800,
      baseDiscountSetUnder: { capBp: 1200, tier: 'B', policyVersion: 'v1' },
    });
  });

  it('records the signature on activation and the new end on extension', () => {
    expect(stateOf([drafted(), activated(), extended('2027-06-30')])).toMatchObject({
      status: 'ACTIVE',
      signature: { signedBy: 'Li Na', signedOn: '2026-03-01' },
      validity: { from: '2026-01-01', to: '2027-06-30' },
    });
  });

  it("takes the tier at signing from the activation, the draft's tier until then (#9)", () => {
    expect(stateOf([drafted({ tierAtSigning: 'C' })])).toMatchObject({ tierAtSigning: 'C' });
    expect(stateOf([drafted({ tierAtSigning: 'C' }), activated({ tierAtSigning: 'B' })])).toMatchObject({
      status: 'ACTIVE',
      tierAtSigning: 'B',
    });
  });

  it("keeps the draft's tier for an activation stored before #9, which carries no tier", () => {
    const { tierAtSigning: _, ...old } = activated().data;
    const decoded = AgreementEvent.decode({ type: 'AgreementActivated', data: old });
    if (E.isLeft(decoded)) throw new Error('an old AgreementActivated must still decode');
    expect(stateOf([drafted({ tierAtSigning: 'C' }), decoded.right])).toMatchObject({
      status: 'ACTIVE',
      tierAtSigning: 'C',
      signature: { signedBy: 'Li Na', signedOn: '2026-03-01' },
    });
  });

  it('follows a promotion from proposal through approval to its result or cancellation', () => {
    const state = stateOf([
      drafted(),
      proposed('P-1'),
      approved('P-1'),
      resultRecorded('P-1'),
      proposed('P-2'),
      cancelled('P-2'),
    ]);
    expect(state).toMatchObject({
      promotions: {
        'P-1': {
          status: 'APPROVED',
          concessionBp: 500,
          result: { actualQty: 450, actualCost: money(90_000), recordedAt: RESULT_AT },
        },
        'P-2': { status: 'CANCELLED', result: null },
      },
    });
  });

  it('totals rebates per period', () => {
    const state = stateOf([
      drafted(),
      activated(),
      rebateAccrued(),
      rebateAccrued({ qty: 5, amount: money(7) }),
      rebateAccrued({ period: '2026-03', qty: 1, amount: money(2, 'USD') }),
    ]);
    expect(state).toMatchObject({
      rebates: {
        '2026-02': { qty: 1005, amount: money(50_007) },
        '2026-03': { qty: 1, amount: money(2, 'USD') },
      },
    });
  });

  it('closes on termination (with its reason) and on expiry, remembering the last day in force', () => {
    expect(stateOf([drafted(), terminated('Merged')])).toMatchObject({
      status: 'TERMINATED',
      terminationReason: 'Merged',
      endedOn: '2026-03-01',
    });
    // Expired some days after its end: it ended on the validity's last day.
    expect(stateOf([drafted(), activated(), expired({ at: atDay('2027-01-05') })])).toMatchObject({
      status: 'EXPIRED',
      endedOn: '2026-12-31',
    });
    // Terminated after its end but before anyone expired it: it still ended on the validity's last day.
    expect(stateOf([drafted(), activated(), terminated('Late', { at: atDay('2027-02-01') })])).toMatchObject({
      endedOn: '2026-12-31',
    });
  });

  it('ignores events before the draft, a second draft and events about unknown promotions', () => {
    expect(stateOf([activated(), approved('P-1')])).toEqual({ exists: false });
    const once = stateOf([drafted()]);
    expect(stateOf([drafted(), drafted({ accountId: 'ACC-2' })])).toEqual(once);
    expect(stateOf([drafted(), approved('P-9'), cancelled('P-9'), resultRecorded('P-9')])).toEqual(once);
  });

  it('is plain JSON data: it survives a snapshot round trip unchanged', () => {
    const state = stateOf([
      drafted(),
      baseDiscountSet(500),
      activated(),
      proposed('P-1'),
      approved('P-1'),
      resultRecorded('P-1'),
      rebateAccrued(),
      terminated(),
    ]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('never mutates the state it evolves from', () => {
    const before = stateOf([drafted(), proposed('P-1')]);
    const copy = JSON.parse(JSON.stringify(before));
    agreementDecider.evolve(before, approved('P-1'));
    agreementDecider.evolve(before, rebateAccrued());
    expect(before).toEqual(copy);
  });
});
