import { describe, expect, it } from 'vitest';
import { ACCOUNTS_PER_MANAGER, managersFor } from '../../demo/account-profile.js';
import { accountIdsOf, castOf } from '../../demo/cast.js';
import { MAX_DEMO_ACCOUNTS } from '../../demo/demo-book.js';
import { demoCalendar } from '../../demo/demo-calendar.js';
import { seededRandom } from '../../demo/seeded-random.js';
import { BOOK_DAY } from './demo-fixture.js';

describe('the cast’s account ids', () => {
  it('have four digits up to 9,999 accounts, so the books loaded before keep their ids', () => {
    const ids = castOf(320, demoCalendar(BOOK_DAY), seededRandom(2026).fork('cast')).map((p) => p.accountId);
    expect(ids[0]).toBe('acc-0001');
    expect(ids.at(-1)).toBe('acc-0320');
    expect(accountIdsOf(9999)(9998)).toBe('acc-9999');
  });

  it('have as many digits as the largest book needs, unique and sorting by number', () => {
    const idOf = accountIdsOf(MAX_DEMO_ACCOUNTS);
    const ids = Array.from({ length: MAX_DEMO_ACCOUNTS }, (_, index) => idOf(index));
    expect(ids[0]).toBe('acc-00001');
    expect(ids.at(-1)).toBe('acc-10000');
    expect(new Set(ids).size).toBe(MAX_DEMO_ACCOUNTS);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('the book’s managers', () => {
  it('are the same 24 up to 336 accounts, so those books are unchanged', () => {
    expect(managersFor(320)).toEqual(managersFor(24));
    expect(managersFor(336)).toHaveLength(24);
    expect(managersFor(320)[0]).toBe('mgr-01');
    expect(managersFor(320).at(-1)).toBe('mgr-24');
  });

  it('grow with a larger book, so a manager holds a handful of accounts, not hundreds', () => {
    const managers = managersFor(MAX_DEMO_ACCOUNTS);
    expect(managers).toHaveLength(Math.ceil(MAX_DEMO_ACCOUNTS / ACCOUNTS_PER_MANAGER));
    expect(new Set(managers).size).toBe(managers.length);
    expect(managers[0]).toBe('mgr-001');
    expect([...managers].sort()).toEqual(managers);
  });
});
