import { describe, expect, it } from 'vitest';
import {
  agreementDecider,
  agreementFacts,
  agreementFactsNeeded,
  initialState,
} from '../../../domain/agreement/index.js';
import { fold } from '../../../domain/kernel/index.js';
import { activated, draft, drafted, extended, setBaseDiscount, terminate } from './builders.js';

describe('agreementFacts', () => {
  it('tells another aggregate the account, status and validity of an agreement', () => {
    const state = fold(agreementDecider, [drafted(), activated(), extended('2027-03-31')]);
    expect(agreementFacts(state, 'AG-1')).toEqual({
      agreementId: 'AG-1',
      exists: true,
      accountId: 'ACC-1',
      status: 'ACTIVE',
      validity: { from: '2026-01-01', to: '2027-03-31' },
    });
  });

  it('says an agreement never drafted does not exist', () => {
    expect(agreementFacts(initialState, 'AG-9')).toEqual({ agreementId: 'AG-9', exists: false });
  });
});

describe('agreementFactsNeeded', () => {
  it('loads the account named by DraftAgreement', () => {
    expect(agreementFactsNeeded(draft({ accountId: 'ACC-7' }), initialState)).toEqual({ accountId: 'ACC-7' });
  });

  it("loads the agreement's own account for every other command", () => {
    const state = fold(agreementDecider, [drafted()]);
    expect(agreementFactsNeeded(setBaseDiscount(100), state)).toEqual({ accountId: 'ACC-1' });
    expect(agreementFactsNeeded(terminate(), state)).toEqual({ accountId: 'ACC-1' });
  });

  it('loads nothing for a command on an agreement that does not exist', () => {
    expect(agreementFactsNeeded(setBaseDiscount(100), initialState)).toEqual({});
  });
});
