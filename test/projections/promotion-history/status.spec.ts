// A promotion's status (PROPOSED → APPROVED → CANCELLED) and whether its result was recorded,
// with the days each happened; and the rows' identity: a promotion id is unique only within its
// agreement, so the same id in two agreements is two rows.
import { describe, expect, it } from 'vitest';
import { money } from '../../../domain/kernel/index.js';
import {
  at,
  promotionApproved,
  promotionCancelled,
  promotionProposed,
  promotionResultRecorded,
  rowOf,
  rows,
  run,
} from './scenario.js';

const pick = (row: Record<string, unknown>, ...columns: string[]) =>
  Object.fromEntries(columns.map((column) => [column, row[column]]));

const STATUS_COLUMNS = [
  'status',
  'result_recorded',
  'approved_on',
  'cancelled_on',
  'cancel_reason',
  'result_recorded_on',
];

describe('the status of a promotion', () => {
  it('is PROPOSED until decided', () => {
    expect(pick(rowOf(run([promotionProposed('P-1')]), 'P-1'), ...STATUS_COLUMNS)).toEqual({
      status: 'PROPOSED',
      result_recorded: 0,
      approved_on: null,
      cancelled_on: null,
      cancel_reason: null,
      result_recorded_on: null,
    });
  });

  it('is APPROVED with the day and the concession used against the cap', () => {
    const row = rowOf(run([promotionProposed('P-1'), promotionApproved('P-1', { usedBp: 1700 })]), 'P-1');
    expect(
      pick(row, 'status', 'approved_on', 'concession_used_bp', 'concession_cap_bp', 'concession_headroom_bp'),
    ).toEqual({
      status: 'APPROVED',
      approved_on: '2026-03-15',
      concession_used_bp: 1700,
      concession_cap_bp: 1800,
      concession_headroom_bp: 100,
    });
  });

  it('is CANCELLED with the day and the reason, from PROPOSED or from APPROVED', () => {
    const fromProposed = run([promotionProposed('P-1'), promotionCancelled('P-1')]);
    const fromApproved = run([promotionProposed('P-1'), promotionApproved('P-1'), promotionCancelled('P-1')]);
    for (const result of [fromProposed, fromApproved]) {
      expect(
        pick(rowOf(result, 'P-1'), 'status', 'cancelled_on', 'cancel_reason', 'result_recorded'),
      ).toEqual({
        status: 'CANCELLED',
        cancelled_on: '2026-04-20',
        cancel_reason: 'Account postponed the launch',
        result_recorded: 0,
      });
    }
    // The approval's figures stay: they are what was approved before the cancellation.
    expect(rowOf(fromApproved, 'P-1')['approved_on']).toBe('2026-03-15');
  });

  it('stays APPROVED with a recorded result, actual quantity and cost', () => {
    const row = rowOf(
      run([
        promotionProposed('P-1'),
        promotionApproved('P-1'),
        promotionResultRecorded('P-1', { actualQty: 420, actualCost: money(88_000), at: at('2026-06-12') }),
      ]),
      'P-1',
    );
    expect(
      pick(row, 'status', 'result_recorded', 'result_recorded_on', 'actual_qty', 'actual_cost_amount'),
    ).toEqual({
      status: 'APPROVED',
      result_recorded: 1,
      result_recorded_on: '2026-06-12',
      actual_qty: 420,
      actual_cost_amount: 88_000,
    });
  });
});

describe('the rows of promotions', () => {
  it('keeps the same promotion id in two agreements apart', () => {
    const result = run([
      promotionProposed('P-1'),
      promotionProposed('P-1', { agreementId: 'agr-2', budget: money(7_000) }),
      promotionApproved('P-1', { agreementId: 'agr-2' }),
    ]);
    expect(rows(result).map((r) => [r['promotion_key'], r['budget_amount'], r['status']])).toEqual([
      ['agr-1/P-1', 100_000, 'PROPOSED'],
      ['agr-2/P-1', 7_000, 'APPROVED'],
    ]);
  });

  it('ignores a decision about a promotion never proposed', () => {
    const result = run([promotionApproved('P-9'), promotionCancelled('P-9'), promotionResultRecorded('P-9')]);
    expect(rows(result)).toEqual([]);
  });

  it('ignores a repeated proposal instead of resetting the row', () => {
    const result = run([
      promotionProposed('P-1'),
      promotionApproved('P-1'),
      promotionProposed('P-1', { plannedQty: 1 }),
    ]);
    expect(pick(rowOf(result, 'P-1'), 'status', 'planned_qty')).toEqual({
      status: 'APPROVED',
      planned_qty: 500,
    });
  });
});
