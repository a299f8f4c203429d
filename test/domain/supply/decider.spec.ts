import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fold, POLICY_V1, type AgreementStatus } from '../../../domain/kernel/index.js';
import {
  initialState,
  STOCK_REPORTS_KEPT,
  SUPPLY_ERROR_CODES,
  supplyCommands,
  supplyDecider,
  supplyEvents,
  supplyFactsNeeded,
  type Commitment,
  type SupplyCommand,
  type SupplyEvent,
} from '../../../domain/supply/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import {
  accountFacts,
  ACCOUNT_ID,
  adjustCommittedQty,
  adjusted,
  AGREEMENT_ID,
  agreementFacts,
  allocate,
  allocated,
  closeCommitment,
  closed,
  COMMITMENT_ID,
  created,
  createCommitment,
  delivered,
  recordDelivered,
  recordShipped,
  reported,
  reportStock,
  scheduleBatch,
  scheduled,
  shipped,
} from './builders.js';

const spec = deciderSpecification(supplyDecider, {
  policy: POLICY_V1,
  account: accountFacts(),
  agreement: agreementFacts(),
});

const lostAccount = { account: accountFacts({ status: 'LOST' }) };
const expiredAgreement = { agreement: agreementFacts({ status: 'EXPIRED' }) };

const stateAfter = (events: readonly SupplyEvent[]): Commitment => {
  const state = fold(supplyDecider, events);
  if (state.status === 'NONE') throw new Error('no commitment');
  return state;
};

describe('CreateCommitment', () => {
  it('creates a commitment with the default safety days of the account’s tier', () => {
    spec()
      .when(createCommitment())
      .then([created({ safetyDays: 14, tier: 'A' })]);
    spec()
      .when(createCommitment(), { account: accountFacts({ tier: 'B' }) })
      .then([created({ safetyDays: 10, tier: 'B' })]);
    spec()
      .when(createCommitment(), { account: accountFacts({ tier: 'NONE' }) })
      .then([created({ safetyDays: 7, tier: 'NONE' })]);
  });

  it('keeps safety days given by the caller', () => {
    spec()
      .when(createCommitment({ safetyDays: 21 }))
      .then([created({ safetyDays: 21 })]);
  });

  it('records the policy version that decided the safety days', () => {
    const policy = { ...POLICY_V1, version: 'v9' };
    spec()
      .when(createCommitment(), { policy })
      .then([created({ policyVersion: 'v9' })]);
  });

  it('records a peak inside the window', () => {
    const peak = { from: '2026-06-01', to: '2026-06-30', upliftBp: 15_000 };
    spec()
      .when(createCommitment({ peak }))
      .then([created({ peak })]);
  });

  it('accepts a committed quantity of zero', () => {
    spec()
      .when(createCommitment({ committedQty: 0 }))
      .then([created({ committedQty: 0 })]);
  });

  it('rejects a commitment that exists already', () => {
    const error = spec([created()]).when(createCommitment()).rejects('ALREADY_EXISTS');
    expect(error.facts).toEqual({ kind: 'supply', id: COMMITMENT_ID });
    spec([created(), closed()]).when(createCommitment()).rejects('ALREADY_EXISTS');
  });

  it('rejects an account that does not exist', () => {
    spec()
      .when(createCommitment(), { account: { accountId: ACCOUNT_ID, exists: false, tier: 'NONE' } })
      .rejects('UNKNOWN_ACCOUNT');
  });

  it('rejects a lost account', () => {
    const error = spec().when(createCommitment(), lostAccount).rejects('ACCOUNT_LOST');
    expect(error.facts).toEqual({ accountId: ACCOUNT_ID, status: 'LOST' });
  });

  it('accepts a prospect or an at-risk account', () => {
    spec()
      .when(createCommitment(), { account: accountFacts({ status: 'PROSPECT' }) })
      .then([created()]);
    spec()
      .when(createCommitment(), { account: accountFacts({ status: 'AT_RISK' }) })
      .then([created()]);
  });

  it('rejects an agreement that does not exist', () => {
    spec()
      .when(createCommitment(), { agreement: { agreementId: AGREEMENT_ID, exists: false } })
      .rejects('UNKNOWN_AGREEMENT');
  });

  it.each<AgreementStatus>(['DRAFT', 'EXPIRED', 'TERMINATED'])(
    'rejects an agreement that is %s',
    (status) => {
      const error = spec()
        .when(createCommitment(), { agreement: agreementFacts({ status }) })
        .rejects('AGREEMENT_NOT_ACTIVE');
      expect(error.facts).toEqual({ agreementId: AGREEMENT_ID, status });
    },
  );

  it('rejects an agreement whose status is not known', () => {
    const error = spec()
      .when(createCommitment(), { agreement: agreementFacts({ status: undefined }) })
      .rejects('AGREEMENT_NOT_ACTIVE');
    expect(error.facts.status).toBeNull();
  });

  it('rejects an agreement of another account', () => {
    const error = spec()
      .when(createCommitment(), { agreement: agreementFacts({ accountId: 'acc-2' }) })
      .rejects('AGREEMENT_OF_ANOTHER_ACCOUNT');
    expect(error.facts).toEqual({
      agreementId: AGREEMENT_ID,
      accountId: ACCOUNT_ID,
      agreementAccountId: 'acc-2',
    });
    spec()
      .when(createCommitment(), { agreement: agreementFacts({ accountId: undefined }) })
      .rejects('AGREEMENT_OF_ANOTHER_ACCOUNT');
  });

  it('accepts a window exactly the agreement’s validity', () => {
    spec()
      .when(createCommitment({ window: { from: '2026-01-01', to: '2026-12-31' } }))
      .then([created({ window: { from: '2026-01-01', to: '2026-12-31' } })]);
  });

  it('rejects a window that starts before or ends after the agreement’s validity', () => {
    const early = spec()
      .when(createCommitment({ window: { from: '2025-12-31', to: '2026-06-30' } }))
      .rejects('WINDOW_OUTSIDE_VALIDITY');
    expect(early.facts).toMatchObject({
      windowFrom: '2025-12-31',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
    spec()
      .when(createCommitment({ window: { from: '2026-06-01', to: '2027-01-01' } }))
      .rejects('WINDOW_OUTSIDE_VALIDITY');
  });

  it('rejects a window when the agreement’s validity is not known', () => {
    const error = spec()
      .when(createCommitment(), { agreement: agreementFacts({ validity: undefined }) })
      .rejects('WINDOW_OUTSIDE_VALIDITY');
    expect(error.facts).toMatchObject({ validFrom: null, validTo: null });
  });

  it('rejects a peak outside the window', () => {
    const error = spec()
      .when(createCommitment({ peak: { from: '2026-08-15', to: '2026-09-15', upliftBp: 15_000 } }))
      .rejects('PEAK_OUTSIDE_WINDOW');
    expect(error.facts).toEqual({
      peakFrom: '2026-08-15',
      peakTo: '2026-09-15',
      windowFrom: '2026-03-01',
      windowTo: '2026-08-31',
    });
    spec()
      .when(createCommitment({ peak: { from: '2026-02-20', to: '2026-03-10', upliftBp: 15_000 } }))
      .rejects('PEAK_OUTSIDE_WINDOW');
  });
});

describe('commands on a commitment that does not exist', () => {
  const commands: SupplyCommand[] = [
    adjustCommittedQty(900),
    scheduleBatch('b-1', 100),
    recordShipped('b-1', 10),
    recordDelivered('b-1', 10),
    reportStock('2026-03-07', 10, 0),
    allocate('s-1', 100, 50),
    closeCommitment(),
  ];
  it.each(commands.map((c) => [c.type, c] as const))('rejects %s as NOT_FOUND', (_type, command) => {
    const error = spec().when(command).rejects('NOT_FOUND');
    expect(error.facts.kind).toBe('supply');
  });
});

describe('AdjustCommittedQty', () => {
  it('raises or lowers the committed quantity with a reason', () => {
    spec([created()])
      .when(adjustCommittedQty(1200, 'bigger order'))
      .then([adjusted(1000, 1200, 'bigger order')]);
    spec([created()])
      .when(adjustCommittedQty(400))
      .then([adjusted(1000, 400)]);
    expect(stateAfter([created(), adjusted(1000, 400)]).committedQty).toBe(400);
  });

  it('produces no event when the quantity does not change', () => {
    spec([created()]).when(adjustCommittedQty(1000)).then([]);
  });

  it('accepts lowering the committed quantity to exactly what is delivered', () => {
    const history = [created(), scheduled('b-1', 300), shipped('b-1', 300), delivered('b-1', 300)];
    spec(history)
      .when(adjustCommittedQty(300))
      .then([adjusted(1000, 300)]);
  });

  it('rejects a committed quantity below what is delivered', () => {
    const history = [created(), scheduled('b-1', 300), shipped('b-1', 300), delivered('b-1', 300)];
    const error = spec(history).when(adjustCommittedQty(299)).rejects('COMMITTED_BELOW_DELIVERED');
    expect(error.facts).toEqual({ committed: 299, delivered: 300 });
  });

  it('accepts a committed quantity whose 5 % tolerance still covers what is scheduled', () => {
    // 1050 scheduled ≤ 1000 × 1.05
    const history = [created({ committedQty: 2000 }), scheduled('b-1', 1050)];
    spec(history)
      .when(adjustCommittedQty(1000))
      .then([adjusted(2000, 1000)]);
  });

  it('rejects a committed quantity that leaves more scheduled than its 5 % tolerance', () => {
    const history = [created({ committedQty: 2000 }), scheduled('b-1', 1051)];
    const error = spec(history).when(adjustCommittedQty(1000)).rejects('SCHEDULED_ABOVE_COMMITTED');
    expect(error.facts).toEqual({
      scheduled: 1051,
      committed: 1000,
      toleranceBp: 10_500,
      policyVersion: 'v1',
    });
  });

  it('rejects an adjustment when the agreement is not active', () => {
    spec([created()]).when(adjustCommittedQty(900), expiredAgreement).rejects('AGREEMENT_NOT_ACTIVE');
    spec([created()])
      .when(adjustCommittedQty(900), { agreement: { agreementId: AGREEMENT_ID, exists: false } })
      .rejects('UNKNOWN_AGREEMENT');
  });

  it('rejects an adjustment for a lost account', () => {
    spec([created()]).when(adjustCommittedQty(900), lostAccount).rejects('ACCOUNT_LOST');
  });
});

describe('ScheduleBatch', () => {
  it('schedules a batch inside the window', () => {
    spec([created()])
      .when(scheduleBatch('b-1', 400, '2026-04-15'))
      .then([scheduled('b-1', 400, '2026-04-15')]);
    expect(stateAfter([created(), scheduled('b-1', 400, '2026-04-15')]).batches).toEqual({
      'b-1': { eta: '2026-04-15', qty: 400, shipped: 0, delivered: 0, deliveries: [] },
    });
  });

  it('accepts ETAs on the first and the last day of the window', () => {
    spec([created()])
      .when(scheduleBatch('b-1', 100, '2026-03-01'))
      .then([scheduled('b-1', 100, '2026-03-01')]);
    spec([created()])
      .when(scheduleBatch('b-1', 100, '2026-08-31'))
      .then([scheduled('b-1', 100, '2026-08-31')]);
  });

  it('rejects an ETA outside the window', () => {
    const error = spec([created()])
      .when(scheduleBatch('b-1', 100, '2026-02-28'))
      .rejects('ETA_OUTSIDE_WINDOW');
    expect(error.facts).toEqual({ eta: '2026-02-28', windowFrom: '2026-03-01', windowTo: '2026-08-31' });
    spec([created()])
      .when(scheduleBatch('b-1', 100, '2026-09-01'))
      .rejects('ETA_OUTSIDE_WINDOW');
  });

  it('accepts a schedule up to the committed quantity plus 5 %', () => {
    spec([created(), scheduled('b-1', 600)])
      .when(scheduleBatch('b-2', 450))
      .then([scheduled('b-2', 450)]);
  });

  it('rejects a schedule above the committed quantity plus 5 %', () => {
    const error = spec([created(), scheduled('b-1', 600)])
      .when(scheduleBatch('b-2', 451))
      .rejects('SCHEDULED_ABOVE_COMMITTED');
    expect(error.facts).toMatchObject({ scheduled: 1051, committed: 1000 });
  });

  it('uses integer arithmetic for the tolerance', () => {
    // 21 × 10 000 = 210 000 ≤ 20 × 10 500 = 210 000: exactly at the tolerance, no float rounding.
    spec([created({ committedQty: 20 })])
      .when(scheduleBatch('b-1', 21))
      .then([scheduled('b-1', 21)]);
    spec([created({ committedQty: 20 })])
      .when(scheduleBatch('b-1', 22))
      .rejects('SCHEDULED_ABOVE_COMMITTED');
  });

  it('rejects a batch id that is scheduled already', () => {
    spec([created(), scheduled('b-1', 100)])
      .when(scheduleBatch('b-1', 100))
      .rejects('BATCH_ALREADY_SCHEDULED');
  });

  it('takes batch ids that are names of object properties as plain ids', () => {
    spec([created()])
      .when(scheduleBatch('constructor', 100))
      .then([scheduled('constructor', 100)]);
    spec([created(), scheduled('constructor', 100)])
      .when(scheduleBatch('constructor', 100))
      .rejects('BATCH_ALREADY_SCHEDULED');
    spec([created()]).when(recordShipped('toString', 1)).rejects('UNKNOWN_BATCH');
  });

  it('rejects a batch when the agreement is not active', () => {
    spec([created()])
      .when(scheduleBatch('b-1', 100), { agreement: agreementFacts({ status: 'TERMINATED' }) })
      .rejects('AGREEMENT_NOT_ACTIVE');
  });

  it('rejects a batch for a lost or unknown account', () => {
    spec([created()]).when(scheduleBatch('b-1', 100), lostAccount).rejects('ACCOUNT_LOST');
    spec([created()])
      .when(scheduleBatch('b-1', 100), { account: { accountId: ACCOUNT_ID, exists: false, tier: 'NONE' } })
      .rejects('UNKNOWN_ACCOUNT');
  });
});

describe('RecordBatchShipped', () => {
  it('records shipments in parts up to the scheduled quantity', () => {
    spec([created(), scheduled('b-1', 100)])
      .when(recordShipped('b-1', 60))
      .then([shipped('b-1', 60)]);
    spec([created(), scheduled('b-1', 100), shipped('b-1', 60)])
      .when(recordShipped('b-1', 40))
      .then([shipped('b-1', 40)]);
    expect(
      stateAfter([created(), scheduled('b-1', 100), shipped('b-1', 60), shipped('b-1', 40)]).batches['b-1'],
    ).toEqual({ eta: '2026-04-01', qty: 100, shipped: 100, delivered: 0, deliveries: [] });
  });

  it('rejects shipping more than the batch’s scheduled quantity', () => {
    const error = spec([created(), scheduled('b-1', 100), shipped('b-1', 60)])
      .when(recordShipped('b-1', 41))
      .rejects('SHIPPED_ABOVE_SCHEDULED');
    expect(error.facts).toEqual({ batchId: 'b-1', qty: 41, shipped: 101, scheduled: 100 });
  });

  it('rejects a shipment of a batch that is not scheduled', () => {
    spec([created(), scheduled('b-1', 100)])
      .when(recordShipped('b-2', 10))
      .rejects('UNKNOWN_BATCH');
  });

  it('records a shipment even when the account is lost and the agreement has ended', () => {
    spec([created(), scheduled('b-1', 100)])
      .when(recordShipped('b-1', 10), { ...lostAccount, ...expiredAgreement })
      .then([shipped('b-1', 10)]);
  });

  it('only changes the batch shipped', () => {
    const state = stateAfter([created(), scheduled('b-1', 100), scheduled('b-2', 200), shipped('b-2', 50)]);
    expect(state.batches).toEqual({
      'b-1': { eta: '2026-04-01', qty: 100, shipped: 0, delivered: 0, deliveries: [] },
      'b-2': { eta: '2026-04-01', qty: 200, shipped: 50, delivered: 0, deliveries: [] },
    });
  });
});

describe('RecordBatchDelivered', () => {
  const inTransit = [created(), scheduled('b-1', 100), shipped('b-1', 60)];

  it('records deliveries in parts up to the shipped quantity', () => {
    spec(inTransit)
      .when(recordDelivered('b-1', 60))
      .then([delivered('b-1', 60)]);
    spec([...inTransit, delivered('b-1', 20)])
      .when(recordDelivered('b-1', 40))
      .then([delivered('b-1', 40)]);
    expect(stateAfter([...inTransit, delivered('b-1', 20)]).batches['b-1']).toEqual({
      eta: '2026-04-01',
      qty: 100,
      shipped: 60,
      delivered: 20,
      // Each delivery on its day: the shortage reckons what arrived after the latest report.
      deliveries: [{ on: '2026-03-01', qty: 20 }],
    });
  });

  it('rejects delivering more than was shipped', () => {
    const error = spec([...inTransit, delivered('b-1', 20)])
      .when(recordDelivered('b-1', 41))
      .rejects('DELIVERED_ABOVE_SHIPPED');
    expect(error.facts).toEqual({ batchId: 'b-1', qty: 41, delivered: 61, shipped: 60 });
  });

  it('rejects a delivery of a batch that is not scheduled', () => {
    spec(inTransit).when(recordDelivered('b-9', 1)).rejects('UNKNOWN_BATCH');
  });

  it('rejects a delivery that would bring delivered above committed (the tolerance is for scheduling only)', () => {
    const overScheduled = [created({ committedQty: 100 }), scheduled('b-1', 105), shipped('b-1', 105)];
    spec(overScheduled)
      .when(recordDelivered('b-1', 100))
      .then([delivered('b-1', 100)]);
    const error = spec(overScheduled).when(recordDelivered('b-1', 101)).rejects('COMMITTED_BELOW_DELIVERED');
    expect(error.facts).toEqual({ committed: 100, delivered: 101 });
  });

  it('records a delivery even when the account is lost and the agreement has ended', () => {
    spec(inTransit)
      .when(recordDelivered('b-1', 10), { ...lostAccount, ...expiredAgreement })
      .then([delivered('b-1', 10)]);
  });
});

describe('ReportStockPosition', () => {
  it('records the first stock report', () => {
    spec([created()])
      .when(reportStock('2026-03-07', 500, 0))
      .then([reported('2026-03-07', 500, 0)]);
  });

  it('records a report newer than the last', () => {
    spec([created(), reported('2026-03-07', 500, 0)])
      .when(reportStock('2026-03-08', 480, 20))
      .then([reported('2026-03-08', 480, 20)]);
    expect(
      stateAfter([created(), reported('2026-03-07', 500, 0), reported('2026-03-08', 480, 20)]).stockReports,
    ).toEqual([
      { asOf: '2026-03-07', onHand: 500, soldSinceLast: 0 },
      { asOf: '2026-03-08', onHand: 480, soldSinceLast: 20 },
    ]);
  });

  it('rejects a report as of the same day as the last or earlier', () => {
    const history = [created(), reported('2026-03-07', 500, 0)];
    const error = spec(history)
      .when(reportStock('2026-03-07', 400, 5))
      .rejects('STOCK_REPORT_NOT_NEWER');
    expect(error.facts).toEqual({ asOf: '2026-03-07', lastAsOf: '2026-03-07' });
    spec(history)
      .when(reportStock('2026-03-01', 400, 5))
      .rejects('STOCK_REPORT_NOT_NEWER');
  });

  it('records stock even when the account is lost and the agreement has ended', () => {
    spec([created()])
      .when(reportStock('2026-03-07', 500, 0), { ...lostAccount, ...expiredAgreement })
      .then([reported('2026-03-07', 500, 0)]);
  });

  it(`keeps the latest ${STOCK_REPORTS_KEPT} reports in the state`, () => {
    const reports = Array.from({ length: STOCK_REPORTS_KEPT + 5 }, (_, day) =>
      reported(new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10), day, 1),
    );
    const state = stateAfter([created(), ...reports]);
    expect(state.stockReports).toHaveLength(STOCK_REPORTS_KEPT);
    expect(state.stockReports[0]?.onHand).toBe(5);
    expect(state.stockReports.at(-1)?.onHand).toBe(STOCK_REPORTS_KEPT + 4);
    // The last report still guards the order.
    spec([created(), ...reports])
      .when(reportStock('2026-01-01', 1, 1))
      .rejects('STOCK_REPORT_NOT_NEWER');
  });
});

describe('AllocateUnderShortage', () => {
  it('records an allocation with its fill ratio, rounded down', () => {
    spec([created()])
      .when(allocate('s-1', 300, 200))
      .then([allocated('s-1', 300, 200, 6666)]);
    expect(stateAfter([created(), allocated('s-1', 300, 200, 6666)]).allocations).toEqual({
      's-1': { requested: 300, allocated: 200, fillRatioBp: 6666, rule: 'TIER_PRIORITY_V1' },
    });
  });

  it('gives a full fill ratio when everything or nothing was requested', () => {
    spec([created()])
      .when(allocate('s-1', 300, 300))
      .then([allocated('s-1', 300, 300, 10_000)]);
    spec([created()])
      .when(allocate('s-1', 0, 0))
      .then([allocated('s-1', 0, 0, 10_000)]);
    spec([created()])
      .when(allocate('s-1', 300, 0))
      .then([allocated('s-1', 300, 0, 0)]);
  });

  it('rejects allocating more than was requested', () => {
    const error = spec([created()])
      .when(allocate('s-1', 100, 101))
      .rejects('ALLOCATED_ABOVE_REQUESTED');
    expect(error.facts).toEqual({ shortageId: 's-1', requested: 100, allocated: 101 });
  });

  it('accepts allocating exactly what remains committed (committed − delivered)', () => {
    const history = [created(), scheduled('b-1', 400), shipped('b-1', 400), delivered('b-1', 400)];
    spec(history)
      .when(allocate('s-1', 900, 600))
      .then([allocated('s-1', 900, 600, 6666)]);
  });

  it('rejects allocating more than remains committed', () => {
    const history = [created(), scheduled('b-1', 400), shipped('b-1', 400), delivered('b-1', 400)];
    const error = spec(history)
      .when(allocate('s-1', 900, 601))
      .rejects('ALLOCATED_ABOVE_REMAINING');
    expect(error.facts).toEqual({
      shortageId: 's-1',
      allocated: 601,
      remaining: 600,
      committed: 1000,
      delivered: 400,
      allocatedUndelivered: 0,
    });
  });

  it('subtracts what earlier shortages allocated that is not yet delivered (#9)', () => {
    // Committed 1000; the first shortage gave 700, none of it delivered yet: 300 are left to give.
    const history = [created(), allocated('s-1', 1000, 700, 7000)];
    const error = spec(history)
      .when(allocate('s-2', 1000, 301))
      .rejects('ALLOCATED_ABOVE_REMAINING');
    expect(error.facts).toEqual({
      shortageId: 's-2',
      allocated: 301,
      remaining: 300,
      committed: 1000,
      delivered: 0,
      allocatedUndelivered: 700,
    });
    spec(history)
      .when(allocate('s-2', 1000, 300))
      .then([allocated('s-2', 1000, 300, 3000)]);
  });

  it('counts deliveries after an allocation against it, deliveries before it against the commitment', () => {
    // 400 delivered before the shortage, 300 allocated, then 200 of them delivered.
    const history = [
      created(),
      scheduled('b-1', 900),
      shipped('b-1', 900),
      delivered('b-1', 400),
      allocated('s-1', 600, 300, 5000),
      delivered('b-1', 200),
    ];
    expect(stateAfter(history).allocatedUndelivered).toBe(100);
    // 1000 − 600 delivered − 100 allocated and not yet delivered.
    spec(history)
      .when(allocate('s-2', 500, 300))
      .then([allocated('s-2', 500, 300, 6000)]);
    spec(history)
      .when(allocate('s-2', 500, 301))
      .rejects('ALLOCATED_ABOVE_REMAINING');
    // Delivered beyond what was allocated: nothing of the allocation is left outstanding.
    expect(stateAfter([...history, delivered('b-1', 300)]).allocatedUndelivered).toBe(0);
  });

  it('rejects a shortage that is allocated already', () => {
    spec([created(), allocated('s-1', 300, 200, 6666)])
      .when(allocate('s-1', 300, 200))
      .rejects('SHORTAGE_ALREADY_ALLOCATED');
    spec([created()])
      .when(allocate('constructor', 10, 10))
      .then([allocated('constructor', 10, 10, 10_000)]);
  });

  it('rejects an allocation for a lost account', () => {
    spec([created()])
      .when(allocate('s-1', 300, 200), lostAccount)
      .rejects('ACCOUNT_LOST');
  });

  it('records an allocation whatever the agreement’s status', () => {
    spec([created()])
      .when(allocate('s-1', 300, 200), expiredAgreement)
      .then([allocated('s-1', 300, 200, 6666)]);
  });
});

describe('CloseCommitment', () => {
  it('closes the commitment with where it stood', () => {
    const history = [created(), scheduled('b-1', 400), shipped('b-1', 300), delivered('b-1', 250)];
    spec(history)
      .when(closeCommitment('account lost'))
      .then([closed(1000, 250, 'account lost')]);
    expect(stateAfter([...history, closed(1000, 250)]).status).toBe('CLOSED');
  });

  it('closes even when the account is lost and the agreement terminated', () => {
    spec([created()])
      .when(closeCommitment(), { ...lostAccount, agreement: agreementFacts({ status: 'TERMINATED' }) })
      .then([closed()]);
  });

  const everyCommand: SupplyCommand[] = [
    adjustCommittedQty(900),
    scheduleBatch('b-2', 100),
    recordShipped('b-1', 10),
    recordDelivered('b-1', 10),
    reportStock('2026-03-07', 10, 0),
    allocate('s-1', 100, 50),
    closeCommitment(),
  ];
  it.each(everyCommand.map((c) => [c.type, c] as const))(
    'rejects %s on a closed commitment',
    (_type, command) => {
      const history = [created(), scheduled('b-1', 100), shipped('b-1', 50), closed()];
      const error = spec(history).when(command).rejects('COMMITMENT_CLOSED');
      expect(error.facts).toEqual({ commitmentId: COMMITMENT_ID, command: command.type });
    },
  );
});

describe('evolve', () => {
  it('folds a history into plain JSON data', () => {
    const peak = { from: '2026-06-01', to: '2026-06-30', upliftBp: 15_000 };
    const state = stateAfter([
      created({ peak }),
      adjusted(1000, 1200),
      scheduled('b-1', 500),
      shipped('b-1', 500),
      delivered('b-1', 450),
      reported('2026-04-05', 300, 0),
      allocated('s-1', 200, 100, 5000),
    ]);
    expect(state).toEqual({
      status: 'OPEN',
      commitmentId: COMMITMENT_ID,
      accountId: ACCOUNT_ID,
      agreementId: AGREEMENT_ID,
      sku: 'SKU-1',
      window: { from: '2026-03-01', to: '2026-08-31' },
      committedQty: 1200,
      peak,
      safetyDays: 14,
      batches: {
        'b-1': {
          eta: '2026-04-01',
          qty: 500,
          shipped: 500,
          delivered: 450,
          deliveries: [{ on: '2026-03-01', qty: 450 }],
        },
      },
      stockReports: [{ asOf: '2026-04-05', onHand: 300, soldSinceLast: 0 }],
      allocations: { 's-1': { requested: 200, allocated: 100, fillRatioBp: 5000, rule: 'TIER_PRIORITY_V1' } },
      allocatedUndelivered: 100,
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('ignores an event other than CommitmentCreated before the commitment exists', () => {
    expect(supplyDecider.evolve(initialState, scheduled('b-1', 1))).toBe(initialState);
  });
});

describe('supplyFactsNeeded', () => {
  it('names the account and the agreement of a new commitment from the command', () => {
    expect(
      supplyFactsNeeded(createCommitment({ accountId: 'acc-7', agreementId: 'agr-7' }), initialState),
    ).toEqual({
      accountId: 'acc-7',
      agreementId: 'agr-7',
    });
  });

  it('names the account and the agreement of an existing commitment from the state', () => {
    expect(supplyFactsNeeded(scheduleBatch('b-1', 1), stateAfter([created()]))).toEqual({
      accountId: ACCOUNT_ID,
      agreementId: AGREEMENT_ID,
    });
  });

  it('names nothing for a commitment that does not exist', () => {
    expect(supplyFactsNeeded(scheduleBatch('b-1', 1), initialState)).toEqual({});
  });
});

describe('registry', () => {
  it('lists every command once, CreateCommitment as the creating one', () => {
    expect(supplyCommands.map((c) => c.type)).toEqual([
      'CreateCommitment',
      'AdjustCommittedQty',
      'ScheduleBatch',
      'RecordBatchShipped',
      'RecordBatchDelivered',
      'ReportStockPosition',
      'AllocateUnderShortage',
      'CloseCommitment',
    ]);
    expect(supplyCommands.filter((c) => c.creates).map((c) => c.type)).toEqual(['CreateCommitment']);
    expect(supplyCommands.every((c) => c.aggregate === 'supply')).toBe(true);
  });

  it('lists every event at schema version 1 with a data codec that accepts what the decider produces', () => {
    expect(supplyEvents.every((e) => e.aggregate === 'supply' && e.schemaVersion === 1)).toBe(true);
    const history: SupplyEvent[] = [
      created({ peak: { from: '2026-06-01', to: '2026-06-30', upliftBp: 15_000 } }),
      adjusted(1000, 1200),
      scheduled('b-1', 500),
      shipped('b-1', 500),
      delivered('b-1', 450),
      reported('2026-04-05', 300, 0),
      allocated('s-1', 200, 100, 5000),
      closed(1200, 450),
    ];
    expect(supplyEvents.map((e) => e.type)).toEqual(history.map((e) => e.type));
    for (const event of history) {
      const definition = supplyEvents.find((e) => e.type === event.type);
      expect(definition && E.isRight(definition.data.decode(event.data))).toBe(true);
    }
  });

  it('exports its error codes in SCREAMING_SNAKE_CASE, each once', () => {
    expect(new Set(SUPPLY_ERROR_CODES).size).toBe(SUPPLY_ERROR_CODES.length);
    expect(SUPPLY_ERROR_CODES.every((code) => /^[A-Z]+(_[A-Z]+)*$/.test(code))).toBe(true);
  });
});

describe('determinism', () => {
  it('decides the same events for the same command, state and context', () => {
    const history = [created(), scheduled('b-1', 100)];
    const first = spec(history).when(scheduleBatch('b-2', 200)).result();
    const second = spec(history).when(scheduleBatch('b-2', 200)).result();
    expect(first).toEqual(second);
  });
});
