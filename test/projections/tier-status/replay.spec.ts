// The projection as data: deterministic over the same events, deaf to the events it does not
// handle, and tables an analyst can open (snake_case columns, camelCase fields).
import { describe, expect, it } from 'vitest';
import type { ProjectionContext } from '../../../projections/projection.js';
import { projection, readModels } from '../../../projections/tier-status/index.js';
import { scenario } from './scenario.js';
import { project } from './serve.js';

const busyBook = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2025-01-06');
  acme.managerAssigned('mgr-li', '2025-01-10');
  acme.activated('2025-01-10');
  acme.revenueMonths('2025-01', 3, 90_000);
  acme.tierChanged('NONE', 'B', '2025-03', 1_080_000, '2025-04-05');
  const ag = b.agreement('AG-1', 'ACC-1');
  ag.drafted({ from: '2025-05-01', to: '2026-04-30' }, '2025-04-20');
  ag.discountSet(1000, 'B', 1200, '2025-04-21');
  ag.activated('2025-05-01');
  acme.overridden('A', '2025-12-31', '2025-07-01');
  acme.requestOpened('sr-1', '2025-07-02T09:00:00.000Z', '2025-07-02T13:00:00.000Z', 'A');
  acme.feedback(4, '2025-07-03');
  return b;
};

/** A context over a Map that records every write. */
const recordingContext = () => {
  const writes: string[] = [];
  const context: ProjectionContext = {
    get: () => undefined,
    put: (collection, key) => void writes.push(`put ${collection}/${key}`),
    delete: (collection, key) => void writes.push(`delete ${collection}/${key}`),
  };
  return { context, writes };
};

describe('tier-status projection', () => {
  it('gives the same rows when the same events are replayed', () => {
    const events = busyBook().events;
    const first = project(events);
    const second = project(events);
    for (const table of ['tier_status', 'tier_changes']) {
      expect(second.rows(table)).toEqual(first.rows(table));
      expect(first.rows(table)).not.toEqual([]);
    }
  });

  it('ignores the event types it does not handle', () => {
    const b = busyBook();
    const before = project(b.events);
    const unhandled = [
      b.agreement('AG-1', 'ACC-1').promotionResultRecorded('PR-1', '2025-07-04'),
      b.commitmentCreated('CM-1', 'ACC-1', 'AG-1', '2025-07-05'),
      b.account('ACC-1').overrideExpired('A', '2025-12-31', '2026-01-05'),
    ];
    for (const event of unhandled) {
      expect(projection.handles).not.toContain(event.type);
      // Even called directly, apply writes nothing for them.
      const { context, writes } = recordingContext();
      projection.apply(event, context);
      expect(writes).toEqual([]);
    }
    const after = project(b.events);
    expect(after.rows('tier_status')).toEqual(before.rows('tier_status'));
    expect(after.rows('tier_changes')).toEqual(before.rows('tier_changes'));
  });

  it('handles the account and agreement events the row is made of', () => {
    expect([...projection.handles].sort()).toEqual(
      [
        'AccountRegistered',
        'AccountManagerAssigned',
        'AccountActivated',
        'AccountFlaggedAtRisk',
        'AccountLost',
        'AccountReactivated',
        'RevenueRecorded',
        'RevenueCorrected',
        'TierChanged',
        'TierEvaluated',
        'TierOverridden',
        'ServiceRequestOpened',
        'ServiceRequestResolved',
        'FeedbackRecorded',
        'AgreementDrafted',
        'BaseDiscountSet',
        'AgreementActivated',
        'AgreementExtended',
        'AgreementTerminated',
        'AgreementExpired',
        'PromotionProposed',
        'PromotionApproved',
        'PromotionCancelled',
        'VisitLogged',
        'ActionCompleted',
      ].sort(),
    );
  });

  it('declares snake_case columns, indexes on declared columns, and camelCase fields', () => {
    expect(projection.name).toBe('tier-status');
    for (const definition of Object.values(projection.collections)) {
      const names = [definition.key, ...definition.columns.map((c) => c.name)];
      for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      for (const index of definition.indexes) for (const column of index) expect(names).toContain(column);
      expect(definition.internal ?? false).toBe(false);
    }
    for (const model of readModels) {
      expect(Object.keys(projection.collections)).toContain(model.collection);
      for (const field of model.fields) expect(field.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
      for (const sort of model.sortable) expect(model.fields.map((f) => f.name)).toContain(sort);
    }
    expect(readModels.map((model) => model.name)).toEqual(['tier-status', 'tier-changes']);
  });

  it('keeps every amount as integer minor units beside a currency column', () => {
    for (const definition of Object.values(projection.collections)) {
      const columns = definition.columns.map((c) => c.name);
      const amounts = definition.columns.filter(
        (c) => c.name.endsWith('_amount') || c.name.startsWith('gap_'),
      );
      for (const amount of amounts) expect(amount.type).toBe('INTEGER');
      if (amounts.length > 0) expect(columns).toContain('currency');
    }
  });
});
