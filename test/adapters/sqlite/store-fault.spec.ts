// The fault state of the SQLite store's connection: which SQLite errors are faults of the file,
// and the backoff between reopening attempts while a fault lasts.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  FaultState,
  FIRST_RETRY_MS,
  MAX_RETRY_MS,
  storeFaultOf,
} from '../../../adapters/sqlite/store-fault.js';

describe('storeFaultOf', () => {
  it('names the faults of the file and nothing else', () => {
    const sqlite = (code: string) => new Database.SqliteError('failed', code);
    expect(storeFaultOf(sqlite('SQLITE_READONLY'))).toBe('read-only');
    expect(storeFaultOf(sqlite('SQLITE_READONLY_DBMOVED'))).toBe('read-only');
    expect(storeFaultOf(sqlite('SQLITE_FULL'))).toBe('disk full');
    expect(storeFaultOf(sqlite('SQLITE_IOERR_WRITE'))).toBe('write failed');
    expect(storeFaultOf(sqlite('SQLITE_IOERR_FSYNC'))).toBe('I/O error');
    expect(storeFaultOf(sqlite('SQLITE_CANTOPEN'))).toBe('cannot open');
    expect(storeFaultOf(sqlite('SQLITE_CONSTRAINT_UNIQUE'))).toBeUndefined();
    expect(storeFaultOf(new Error('SQLITE_FULL'))).toBeUndefined();
  });
});

describe('FaultState', () => {
  it('waits before a retry, doubles the wait while the fault lasts, up to a cap, and starts over after it', () => {
    let now = 1_000_000;
    const state = new FaultState(() => now);
    expect(state.due()).toBe(false);
    state.failed('read-only');
    expect(state.fault).toBe('read-only');
    expect(state.since).toBe(new Date(1_000_000).toISOString());
    expect(state.due()).toBe(false);
    now += FIRST_RETRY_MS;
    expect(state.due()).toBe(true);
    state.failed('disk full');
    expect(state.since).toBe(new Date(1_000_000).toISOString());
    now += FIRST_RETRY_MS;
    expect(state.due()).toBe(false);
    now += FIRST_RETRY_MS;
    expect(state.due()).toBe(true);
    for (let i = 0; i < 20; i += 1) state.failed('disk full');
    now += MAX_RETRY_MS - 1;
    expect(state.due()).toBe(false);
    now += 1;
    expect(state.due()).toBe(true);
    state.recovered();
    expect(state.fault).toBeUndefined();
    expect(state.due()).toBe(false);
  });
});
