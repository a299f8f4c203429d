import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditTrail, type AuditTrail } from '../../../src/audit/index.js';
import { createMemoryStreamIndex } from '../../support/memory-stream-index.js';
import { ACCOUNT, AGREEMENT, COMMITMENT, writeAccountBook, writer } from './account-book.js';
import { AUDIT_STORES, type AuditSubject } from './stores.js';

describe('the audit trail over one store', () => {
  let subject: AuditSubject;
  let audit: AuditTrail;

  beforeEach(async () => {
    subject = AUDIT_STORES[0]!.create();
    await writeAccountBook(writer(subject.store, subject.snapshots));
    const streams = createMemoryStreamIndex();
    streams.link(ACCOUNT, `agreement-${AGREEMENT}`);
    streams.link(ACCOUNT, `supply-${COMMITMENT}`);
    audit = createAuditTrail({ store: subject.store, snapshots: subject.snapshots, streams });
  });
  afterEach(() => subject.cleanup());

  it('answers history, timeline, time travel and verification for an account', async () => {
    expect(await audit.history(`account-${ACCOUNT}`, { limit: 2 })).toMatchObject({ kind: 'page', next: 2n });
    expect(await audit.timeline(ACCOUNT)).toMatchObject({ kind: 'page', next: undefined });
    const timeline = await audit.timeline(ACCOUNT);
    expect(timeline.kind === 'page' && timeline.events).toHaveLength(11);
    expect(await audit.stateAsOf('account', ACCOUNT, { revision: 0n })).toMatchObject({
      kind: 'state',
      state: { exists: true, status: 'PROSPECT' },
    });
    expect(await audit.verify(`supply-${COMMITMENT}`)).toMatchObject({
      kind: 'verified',
      result: { ok: true },
    });
    expect(await audit.verifyAll()).toEqual({ streams: 3, ok: true, broken: [] });
  });

  it('answers not-found as values, never by throwing', async () => {
    await expect(audit.history('account-ghost')).resolves.toMatchObject({ kind: 'stream_not_found' });
    await expect(audit.timeline('ghost')).resolves.toMatchObject({ kind: 'account_not_found' });
    await expect(audit.stateAsOf('agreement', 'ghost', { revision: 0n })).resolves.toMatchObject({
      kind: 'stream_not_found',
      streamId: 'agreement-ghost',
    });
    await expect(audit.verify('supply-ghost')).resolves.toMatchObject({ kind: 'stream_not_found' });
  });
});
