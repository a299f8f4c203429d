import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { describeErrors, type FieldError } from '../../../domain/kernel/index.js';
import {
  AdjustCommittedQty,
  AllocateUnderShortage,
  CloseCommitment,
  CommitmentCreated,
  CreateCommitment,
  RecordBatchDelivered,
  RecordBatchShipped,
  ReportStockPosition,
  ScheduleBatch,
  SupplyAllocated,
  SupplyCommand,
  SupplyEvent,
} from '../../../domain/supply/index.js';
import { created, createCommitment } from './builders.js';

const errorsOf = (codec: t.Mixed, value: unknown): readonly FieldError[] => {
  const result = codec.decode(value);
  if (E.isRight(result)) throw new Error(`expected ${codec.name} to reject ${JSON.stringify(value)}`);
  return describeErrors(result.left);
};
const pathsOf = (codec: t.Mixed, value: unknown): readonly string[] =>
  errorsOf(codec, value).map((e) => e.path);

const AT = '2026-03-01T08:00:00Z';
const validCreate = createCommitment().data;

describe('CreateCommitment codec', () => {
  it('accepts a valid command and normalises its timestamp to UTC', () => {
    const result = CreateCommitment.decode({
      type: 'CreateCommitment',
      data: {
        ...validCreate,
        at: '2026-03-01T16:00:00+08:00',
        peak: { from: '2026-06-01', to: '2026-06-30', upliftBp: 15_000 },
      },
    });
    expect(E.isRight(result) && result.right.data.at).toBe('2026-03-01T08:00:00.000Z');
  });

  it('rejects a negative or fractional committed quantity', () => {
    expect(
      pathsOf(CreateCommitment, { type: 'CreateCommitment', data: { ...validCreate, committedQty: -1 } }),
    ).toEqual(['data.committedQty']);
    expect(
      pathsOf(CreateCommitment, { type: 'CreateCommitment', data: { ...validCreate, committedQty: 10.5 } }),
    ).toEqual(['data.committedQty']);
  });

  it('rejects a malformed window date and a window that ends before it starts', () => {
    expect(
      pathsOf(CreateCommitment, {
        type: 'CreateCommitment',
        data: { ...validCreate, window: { from: '2026-02-30', to: '2026-08-31' } },
      }),
    ).toEqual(['data.window.from']);
    const errors = errorsOf(CreateCommitment, {
      type: 'CreateCommitment',
      data: { ...validCreate, window: { from: '2026-08-31', to: '2026-03-01' } },
    });
    expect(errors).toEqual([{ path: 'data.window.to', message: 'must not be before from (2026-08-31)' }]);
  });

  it('rejects a peak that ends before it starts or has a fractional uplift', () => {
    expect(
      pathsOf(CreateCommitment, {
        type: 'CreateCommitment',
        data: { ...validCreate, peak: { from: '2026-06-30', to: '2026-06-01', upliftBp: 15_000 } },
      }),
    ).toEqual(['data.peak.to']);
    expect(
      pathsOf(CreateCommitment, {
        type: 'CreateCommitment',
        data: { ...validCreate, peak: { from: '2026-06-01', to: '2026-06-30', upliftBp: 1.5 } },
      }),
    ).toEqual(['data.peak.upliftBp']);
  });

  it('rejects negative safety days, a bad SKU, a bad id and an unknown field, naming each', () => {
    expect(
      pathsOf(CreateCommitment, {
        type: 'CreateCommitment',
        data: { ...validCreate, safetyDays: -1, sku: 'no spaces', commitmentId: '', committedQtty: 5 },
      }),
    ).toEqual(['data.committedQtty', 'data.commitmentId', 'data.sku', 'data.safetyDays']);
  });

  it('reports every missing required field', () => {
    expect(pathsOf(CreateCommitment, { type: 'CreateCommitment', data: {} })).toEqual([
      'data.commitmentId',
      'data.accountId',
      'data.agreementId',
      'data.sku',
      'data.window',
      'data.committedQty',
      'data.at',
    ]);
  });

  it('rejects a timestamp without a zone', () => {
    expect(
      pathsOf(CreateCommitment, {
        type: 'CreateCommitment',
        data: { ...validCreate, at: '2026-03-01T08:00:00' },
      }),
    ).toEqual(['data.at']);
  });
});

describe('other command codecs', () => {
  it('AdjustCommittedQty needs a non-empty reason and an integer quantity', () => {
    expect(
      pathsOf(AdjustCommittedQty, {
        type: 'AdjustCommittedQty',
        data: { committedQty: 1.5, reason: '  ', at: AT },
      }),
    ).toEqual(['data.committedQty', 'data.reason']);
  });

  it('AdjustCommittedQty does not take the commitment id (the route gives it)', () => {
    expect(
      pathsOf(AdjustCommittedQty, {
        type: 'AdjustCommittedQty',
        data: { commitmentId: 'c-1', committedQty: 10, reason: 'x', at: AT },
      }),
    ).toEqual(['data.commitmentId']);
  });

  it('ScheduleBatch needs a positive quantity and a real ETA date', () => {
    expect(
      pathsOf(ScheduleBatch, {
        type: 'ScheduleBatch',
        data: { batchId: 'b-1', eta: '2026-13-01', qty: 0, at: AT },
      }),
    ).toEqual(['data.eta', 'data.qty']);
    expect(
      E.isRight(
        ScheduleBatch.decode({
          type: 'ScheduleBatch',
          data: { batchId: 'b-1', eta: '2026-04-01', qty: 1, at: AT },
        }),
      ),
    ).toBe(true);
  });

  it('RecordBatchShipped and RecordBatchDelivered need a positive integer increment', () => {
    expect(
      pathsOf(RecordBatchShipped, { type: 'RecordBatchShipped', data: { batchId: 'b-1', qty: -3, at: AT } }),
    ).toEqual(['data.qty']);
    expect(
      pathsOf(RecordBatchDelivered, {
        type: 'RecordBatchDelivered',
        data: { batchId: 'b-1', qty: 2.5, at: AT },
      }),
    ).toEqual(['data.qty']);
  });

  it('ReportStockPosition rejects negative stock or sales and a date-time as asOf', () => {
    expect(
      pathsOf(ReportStockPosition, {
        type: 'ReportStockPosition',
        data: { asOf: '2026-03-07T00:00:00Z', onHand: -1, soldSinceLast: -2, at: AT },
      }),
    ).toEqual(['data.asOf', 'data.onHand', 'data.soldSinceLast']);
  });

  it('AllocateUnderShortage needs non-negative integers and a rule', () => {
    expect(
      pathsOf(AllocateUnderShortage, {
        type: 'AllocateUnderShortage',
        data: { shortageId: 's-1', requested: -1, allocated: 0.5, rule: '', at: AT },
      }),
    ).toEqual(['data.requested', 'data.allocated', 'data.rule']);
  });

  it('CloseCommitment needs a reason', () => {
    expect(pathsOf(CloseCommitment, { type: 'CloseCommitment', data: { at: AT } })).toEqual(['data.reason']);
  });

  it('the command union decodes any command and rejects an unknown type', () => {
    expect(E.isRight(SupplyCommand.decode(createCommitment()))).toBe(true);
    expect(E.isLeft(SupplyCommand.decode({ type: 'DeleteCommitment', data: {} }))).toBe(true);
  });
});

describe('event codecs', () => {
  it('CommitmentCreated accepts a null peak and rejects an unknown tier', () => {
    expect(E.isRight(CommitmentCreated.decode(created()))).toBe(true);
    const bad = { ...created(), data: { ...created().data, tier: 'AA' } };
    expect(pathsOf(CommitmentCreated, bad)).toEqual(['data.tier']);
  });

  it('CommitmentCreated requires the policy version', () => {
    const { policyVersion: _omitted, ...data } = created().data;
    expect(pathsOf(CommitmentCreated, { type: 'CommitmentCreated', data })).toEqual(['data.policyVersion']);
  });

  it('SupplyAllocated keeps the fill ratio within 0 … 10 000 basis points', () => {
    const event = {
      type: 'SupplyAllocated',
      data: {
        commitmentId: 'c-1',
        accountId: 'acc-1',
        shortageId: 's-1',
        requested: 10,
        allocated: 5,
        fillRatioBp: 10_001,
        rule: 'TIER_PRIORITY_V1',
        at: AT,
      },
    };
    expect(pathsOf(SupplyAllocated, event)).toEqual(['data.fillRatioBp']);
  });

  it('the event union decodes any event and rejects a command', () => {
    expect(E.isRight(SupplyEvent.decode(created()))).toBe(true);
    expect(E.isLeft(SupplyEvent.decode(createCommitment()))).toBe(true);
  });
});
