// The key store contract against the memory store and the SQLite file, and what the SQLite one
// adds: keys and erasures survive a reopen, an erased key's bytes are gone from the file and its
// WAL, and a file that can't be used is KeyStoreUnavailable (a 503, as for the event store).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryKeyStore } from '../../adapters/memory/key-store.js';
import { createSqliteKeyStore } from '../../adapters/sqlite/key-store.js';
import { KeyStoreUnavailable, StoreUnavailable } from '../../src/ports.js';
import { keyStoreContract } from '../contracts/key-store.contract.js';

keyStoreContract({
  name: 'memory',
  create: async () => ({ store: createMemoryKeyStore(), cleanup: async () => undefined }),
});

keyStoreContract({
  name: 'sqlite',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-keys-'));
    return {
      store: createSqliteKeyStore(join(dir, 'keys.sqlite')),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

describe('the SQLite key store', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-keys-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      chmodSync(dir, 0o700);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps keys and erasures across a reopen', async () => {
    const path = join(tempDir(), 'keys.sqlite');
    const first = createSqliteKeyStore(path);
    const chen = await first.keyFor('ct-chen');
    await first.keyFor('ct-li');
    await first.erase('ct-li', '2026-05-04T09:00:00.000Z');
    await first.close();
    const second = createSqliteKeyStore(path);
    expect(Buffer.from((await second.get('ct-chen'))!)).toEqual(Buffer.from(chen!));
    expect(await second.get('ct-li')).toBeUndefined();
    expect(await second.erased()).toEqual([{ subject: 'ct-li', at: '2026-05-04T09:00:00.000Z' }]);
    await second.close();
  });

  it('leaves no byte of an erased key in the file or its WAL', async () => {
    const dir = tempDir();
    const store = createSqliteKeyStore(join(dir, 'keys.sqlite'));
    const key = Buffer.from((await store.keyFor('ct-chen'))!);
    await store.keyFor('ct-li');
    const files = () => Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
    expect(files().includes(key)).toBe(true);
    await store.erase('ct-chen', '2026-05-04T09:00:00.000Z');
    expect(files().includes(key)).toBe(false);
    await store.close();
  });

  it('is unavailable (a StoreUnavailable) where its file cannot be opened', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'keys.sqlite'));
    let thrown: unknown;
    try {
      createSqliteKeyStore(join(dir, 'keys.sqlite'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KeyStoreUnavailable);
    expect(thrown).toBeInstanceOf(StoreUnavailable);
  });

  it('is unavailable when its file is closed under it', async () => {
    const store = createSqliteKeyStore(join(tempDir(), 'keys.sqlite'));
    await store.close();
    await expect(store.keyFor('ct-chen')).rejects.toBeInstanceOf(KeyStoreUnavailable);
  });
});

describe('a key store given how to make keys', () => {
  const made = (subject: string) => new Uint8Array(32).fill(subject.length);

  it('makes new keys that way (memory and SQLite), as the demo book does from its seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-keys-'));
    try {
      for (const store of [
        createMemoryKeyStore(made),
        createSqliteKeyStore(join(dir, 'keys.sqlite'), { newKey: made }),
      ]) {
        expect(Buffer.from((await store.keyFor('ct-chen'))!)).toEqual(Buffer.alloc(32, 7));
        expect(Buffer.from((await store.get('ct-chen'))!)).toEqual(Buffer.alloc(32, 7));
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
