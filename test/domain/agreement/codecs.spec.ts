import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  AccrueRebate,
  ActivateAgreement,
  AgreementCommand,
  AgreementEvent,
  agreementCommands,
  agreementEvents,
  CancelPromotion,
  DraftAgreement,
  ExtendAgreement,
  PriceExpectations,
  ProposePromotion,
  RecordPromotionResult,
  SetBaseDiscount,
  SkuList,
} from '../../../domain/agreement/index.js';
import { describeErrors, kebabCase } from '../../../domain/kernel/index.js';
import {
  AT,
  accrueRebate,
  activated,
  approved,
  baseDiscountSet,
  cancel,
  draft,
  drafted,
  expired,
  extended,
  propose,
  proposed,
  rebateAccrued,
  recordResult,
  resultRecorded,
  cancelled,
  terminated,
} from './builders.js';

/** The paths of every bad field, or [] when the value decodes. */
const pathsOf = (codec: t.Mixed, value: unknown): readonly string[] => {
  const result = codec.decode(value);
  return E.isLeft(result) ? describeErrors(result.left).map((e) => e.path) : [];
};

const errorsOf = (codec: t.Mixed, value: unknown) => {
  const result = codec.decode(value);
  return E.isLeft(result) ? describeErrors(result.left) : [];
};

/** A command with some of its data replaced (or removed, with undefined). */
const withData = <C extends { type: string; data: object }>(command: C, data: Record<string, unknown>) => ({
  type: command.type,
  data: { ...command.data, ...data },
});

describe('agreement command codecs', () => {
  it('accept the builders’ commands, normalising the timestamp to UTC', () => {
    const result = DraftAgreement.decode(withData(draft(), { at: '2026-03-01T17:00:00+08:00' }));
    expect(E.isRight(result) && result.right.data.at).toBe(AT);
    expect(pathsOf(ProposePromotion, propose('P-1'))).toEqual([]);
    expect(pathsOf(AgreementCommand, cancel('P-1'))).toEqual([]);
  });

  it('reject validity.to before validity.from', () => {
    expect(
      errorsOf(DraftAgreement, withData(draft(), { validity: { from: '2026-05-01', to: '2026-04-30' } })),
    ).toEqual([{ path: 'data.validity.to', message: 'must not be before from (2026-05-01)' }]);
  });

  it('reject bad delivery terms field by field', () => {
    const deliveryTerms = { batchSize: 0, cycleDays: 1.5, leadTimeDays: -1 };
    expect(pathsOf(DraftAgreement, withData(draft(), { deliveryTerms }))).toEqual([
      'data.deliveryTerms.batchSize',
      'data.deliveryTerms.cycleDays',
      'data.deliveryTerms.leadTimeDays',
    ]);
  });

  it('reject a price expectation keyed by something that is not a SKU, or with a negative price', () => {
    const priceExpectations = {
      'not a sku': { amount: 100, currency: 'CNY' },
      'SKU-2': { amount: -1, currency: 'CNY' },
      'SKU-3': { amount: 1, currency: 'yuan' },
    };
    expect(pathsOf(DraftAgreement, withData(draft(), { priceExpectations }))).toEqual([
      'data.priceExpectations.not a sku',
      'data.priceExpectations.SKU-2.amount',
      'data.priceExpectations.SKU-3.currency',
    ]);
    expect(pathsOf(DraftAgreement, withData(draft(), { priceExpectations: ['SKU-1'] }))).toEqual([
      'data.priceExpectations',
    ]);
  });

  it('reject malformed ids and an unknown field, naming it', () => {
    expect(pathsOf(DraftAgreement, withData(draft(), { agreementId: 'has space', discountBps: 5 }))).toEqual([
      'data.discountBps',
      'data.agreementId',
    ]);
  });

  it('reject a missing field', () => {
    expect(errorsOf(DraftAgreement, withData(draft(), { accountId: undefined }))).toEqual([
      { path: 'data.accountId', message: 'is required' },
    ]);
  });

  it('reject a float where an integer belongs and basis points above 100 %', () => {
    expect(pathsOf(SetBaseDiscount, { type: 'SetBaseDiscount', data: { discountBp: 12.5, at: AT } })).toEqual(
      ['data.discountBp'],
    );
    expect(
      pathsOf(SetBaseDiscount, { type: 'SetBaseDiscount', data: { discountBp: 10_001, at: AT } }),
    ).toEqual(['data.discountBp']);
    expect(pathsOf(SetBaseDiscount, { type: 'SetBaseDiscount', data: { discountBp: -1, at: AT } })).toEqual([
      'data.discountBp',
    ]);
  });

  it('reject a timestamp without a zone and a date that does not exist', () => {
    expect(
      pathsOf(ActivateAgreement, {
        type: 'ActivateAgreement',
        data: { signedBy: 'Li Na', signedOn: '2026-02-30', at: '2026-03-01T09:00:00' },
      }),
    ).toEqual(['data.signedOn', 'data.at']);
  });

  it('reject a blank signatory, reason, and a wrong command type', () => {
    expect(
      pathsOf(ActivateAgreement, {
        type: 'ActivateAgreement',
        data: { signedBy: '  ', signedOn: '2026-03-01', at: AT },
      }),
    ).toEqual(['data.signedBy']);
    expect(pathsOf(CancelPromotion, withData(cancel('P-1'), { reason: '' }))).toEqual(['data.reason']);
    expect(pathsOf(CancelPromotion, { ...cancel('P-1'), type: 'CancelPromotions' })).toEqual(['type']);
  });

  describe('ProposePromotion', () => {
    it('rejects an unknown kind, negative budget, planned quantity 0 and a funding split above 100 %', () => {
      const bad = withData(propose('P-1'), {
        kind: 'DISCOUNT',
        budget: { amount: -5, currency: 'CNY' },
        plannedQty: 0,
        fundingSplitBp: 10_001,
      });
      expect(pathsOf(ProposePromotion, bad)).toEqual([
        'data.kind',
        'data.plannedQty',
        'data.budget.amount',
        'data.fundingSplitBp',
      ]);
    });

    it('accepts a zero budget and the funding split bounds 0 and 100 %', () => {
      expect(
        pathsOf(ProposePromotion, withData(propose('P-1'), { budget: { amount: 0, currency: 'CNY' } })),
      ).toEqual([]);
      expect(pathsOf(ProposePromotion, withData(propose('P-1'), { fundingSplitBp: 0 }))).toEqual([]);
      expect(pathsOf(ProposePromotion, withData(propose('P-1'), { fundingSplitBp: 10_000 }))).toEqual([]);
    });

    it('rejects an empty SKU list, a repeated SKU (at its index) and a malformed SKU', () => {
      expect(errorsOf(ProposePromotion, withData(propose('P-1'), { skus: [] }))).toEqual([
        { path: 'data.skus', message: 'must name at least one SKU' },
      ]);
      expect(errorsOf(ProposePromotion, withData(propose('P-1'), { skus: ['A', 'B', 'A'] }))).toEqual([
        { path: 'data.skus.2', message: 'repeats SKU A' },
      ]);
      expect(pathsOf(ProposePromotion, withData(propose('P-1'), { skus: ['A', 'b c'] }))).toEqual([
        'data.skus.1',
      ]);
      expect(pathsOf(ProposePromotion, withData(propose('P-1'), { skus: 'A' }))).toEqual(['data.skus']);
    });

    it('rejects a malformed window', () => {
      expect(
        pathsOf(
          ProposePromotion,
          withData(propose('P-1'), { window: { from: '2026-5-1', to: '2026-05-31' } }),
        ),
      ).toEqual(['data.window.from']);
    });
  });

  it('reject a malformed period and a negative rebate', () => {
    expect(pathsOf(AccrueRebate, withData(accrueRebate(), { period: '2026-13', qty: -1 }))).toEqual([
      'data.period',
      'data.qty',
    ]);
    expect(
      pathsOf(AccrueRebate, withData(accrueRebate(), { amount: { amount: -1, currency: 'CNY' } })),
    ).toEqual(['data.amount.amount']);
  });

  it('reject a negative actual quantity and an actual cost without currency', () => {
    expect(
      pathsOf(
        RecordPromotionResult,
        withData(recordResult('P-1'), { actualQty: -3, actualCost: { amount: 1 } }),
      ),
    ).toEqual(['data.actualQty', 'data.actualCost.currency']);
  });

  it('reject an extension to a date that is not a date', () => {
    expect(pathsOf(ExtendAgreement, { type: 'ExtendAgreement', data: { to: '31/12/2027', at: AT } })).toEqual(
      ['data.to'],
    );
  });
});

describe('value codecs', () => {
  it('recognise valid values with `is`', () => {
    expect(SkuList.is(['A', 'B'])).toBe(true);
    expect(SkuList.is([])).toBe(false);
    expect(SkuList.is(['A', 'A'])).toBe(false);
    expect(PriceExpectations.is({ 'SKU-1': { amount: 1, currency: 'CNY' } })).toBe(true);
    expect(PriceExpectations.is({ 'bad sku': { amount: 1, currency: 'CNY' } })).toBe(false);
    expect(PriceExpectations.is(null)).toBe(false);
  });

  it('encode price expectations as they are', () => {
    const prices = { 'SKU-1': { amount: 1, currency: 'CNY' } };
    expect(PriceExpectations.encode(prices)).toEqual(prices);
  });
});

describe('agreement event codecs', () => {
  const events = [
    drafted(),
    baseDiscountSet(500),
    activated(),
    proposed('P-1'),
    approved('P-1'),
    cancelled('P-1'),
    resultRecorded('P-1'),
    rebateAccrued(),
    extended('2027-06-30'),
    terminated(),
    expired(),
  ];

  it('decode every event the decider emits', () => {
    for (const event of events) expect(pathsOf(AgreementEvent, event)).toEqual([]);
  });

  it('reject a stored event with a bad field, naming it', () => {
    const codec = agreementEvents.find((e) => e.type === 'BaseDiscountSet')?.data;
    expect(codec && pathsOf(codec, { ...baseDiscountSet(500).data, tier: 'D', capBp: 1.5 })).toEqual([
      'capBp',
      'tier',
    ]);
  });
});

describe('agreement registry', () => {
  it('lists every command once; only DraftAgreement creates the stream and carries the agreement id', () => {
    expect(agreementCommands.map((c) => c.type)).toEqual(AgreementCommand.types.map((c) => c.name));
    expect(agreementCommands.filter((c) => c.creates).map((c) => c.type)).toEqual(['DraftAgreement']);
    for (const c of agreementCommands) {
      expect(c.aggregate).toBe('agreement');
      const aboutId = errorsOf(c.data, { agreementId: 'AG-1' }).filter((e) => e.path === 'agreementId');
      expect(aboutId).toEqual(c.creates ? [] : [{ path: 'agreementId', message: 'is not a known field' }]);
    }
    expect(kebabCase('RecordPromotionResult')).toBe('record-promotion-result');
  });

  it('lists every event once at schema version 1', () => {
    expect(agreementEvents.map((e) => e.type)).toEqual(AgreementEvent.types.map((e) => e.name));
    expect(new Set(agreementEvents.map((e) => e.schemaVersion))).toEqual(new Set([1]));
    expect(agreementEvents.every((e) => e.aggregate === 'agreement')).toBe(true);
  });

  it('validates each command’s data with its registered codec', () => {
    const byType = new Map(agreementCommands.map((c) => [c.type, c.data]));
    expect(pathsOf(byType.get('DraftAgreement')!, draft().data)).toEqual([]);
    expect(pathsOf(byType.get('SetBaseDiscount')!, { discountBp: 1, at: AT, agreementId: 'AG-1' })).toEqual([
      'agreementId',
    ]);
  });
});
