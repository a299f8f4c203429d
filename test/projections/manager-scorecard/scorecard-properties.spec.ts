// Properties of the manager scorecard over random books: hand-overs on any day, losses and
// visits. Each month, the rows of the managers add up to the accounts managed and not lost at
// its end (an account is held by exactly one manager), and the cadence share stays within 0..1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPeriods, endOfPeriod, POLICY_V2, type IsoDate } from '../../../domain/kernel/index.js';
import {
  MANAGER_SCORECARD,
  projection,
  readModels,
  type ScorecardDoc,
} from '../../../projections/manager-scorecard/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { scorecardBook } from './scorecard-book.js';

const model = readModels.find((m) => m.name === 'manager-scorecard')!;
const MONTHS = 6;
const FIRST = '2025-01';

const action = fc.record({
  month: fc.integer({ min: 0, max: MONTHS - 1 }),
  day: fc.integer({ min: 4, max: 28 }),
  account: fc.nat(),
  manager: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom('handOver', 'lost', 'visit', 'tierUp'),
});

const dayOf = (month: number, day: number): IsoDate =>
  `${addPeriods(FIRST, month)}-${String(day).padStart(2, '0')}`;

describe('manager_scorecard properties', () => {
  it('per month, the managers’ held accounts add up to the accounts managed and not lost; cadence kept within 0..1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(action, { maxLength: 25 }), (count, actions) => {
        const { log, account } = scorecardBook();
        const ids = Array.from({ length: count }, (_, i) => `acc-${i}`);
        const accounts = ids.map((id, i) =>
          account(id, '2024-12-01').managedBy(`mgr-${i % 3}`, '2024-12-02'),
        );
        const manager = new Map(ids.map((id, i) => [id, `mgr-${i % 3}`]));
        const lost = new Set<string>();
        /** The accounts managed and not lost at each month's end. */
        const expected: number[] = [];
        const sorted = [...actions].sort((x, y) => x.month - y.month || x.day - y.day);
        for (let month = 0; month < MONTHS; month += 1) {
          accounts.forEach((a) => a.revenue(addPeriods(FIRST, month - 1), 1, 10_000));
          for (const act of sorted.filter((x) => x.month === month)) {
            const id = ids[act.account % count]!;
            const day = dayOf(month, act.day);
            const a = accounts[act.account % count]!;
            if (act.kind === 'handOver') {
              a.managedBy(`mgr-${act.manager}`, day, manager.get(id) ?? null);
              manager.set(id, `mgr-${act.manager}`);
            } else if (act.kind === 'lost' && !lost.has(id)) {
              a.lost(day);
              lost.add(id);
            } else if (act.kind === 'visit') a.visited(day);
            else if (act.kind === 'tierUp') a.tierChanged('NONE', 'B', day);
          }
          expected.push(ids.filter((id) => !lost.has(id)).length);
        }
        const run = runProjection(projection, log.events);
        const rows = [...run.docs<ScorecardDoc>(MANAGER_SCORECARD).values()].map((doc) =>
          model.present(doc as never, {
            asOf: endOfPeriod(addPeriods(FIRST, MONTHS - 1)),
            policy: POLICY_V2,
          }),
        );
        for (let month = 0; month < MONTHS; month += 1) {
          const ofMonth = rows.filter((row) => row['month'] === addPeriods(FIRST, month));
          expect(ofMonth.reduce((sum, row) => sum + Number(row['accountsHeld']), 0)).toBe(expected[month]);
          const heldIds = ofMonth.flatMap((row) => row['accountIds'] as string[]);
          expect(new Set(heldIds).size).toBe(heldIds.length);
        }
        for (const row of rows) {
          const kept = row['visitCadenceKept'];
          if (kept !== null) expect(Number(kept)).toBeGreaterThanOrEqual(0);
          if (kept !== null) expect(Number(kept)).toBeLessThanOrEqual(1);
          expect(Number(row['accountsVisitedInCadence'])).toBeLessThanOrEqual(
            Number(row['accountsWithCadence']),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});
