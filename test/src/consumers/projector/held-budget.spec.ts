// The budget the batches holding pages share: within it every lane holds; past it the largest
// holder commits and the others go on holding, up to twice the budget.
import { describe, expect, it } from 'vitest';
import { HeldBudget } from '../../../../src/consumers/projector/held-budget.js';

describe('HeldBudget', () => {
  it('lets every lane hold while the total stays within the budget', () => {
    const budget = new HeldBudget(100);
    const [a, b] = [{}, {}];
    expect(budget.mayHold(a, 40)).toBe(true);
    expect(budget.mayHold(b, 50)).toBe(true);
    // A lane's new figure replaces its old one.
    expect(budget.mayHold(a, 50)).toBe(true);
    expect(budget.heldBytes).toBe(100);
  });

  it('past the budget, has the largest holder commit and the others hold on', () => {
    const budget = new HeldBudget(100);
    const [small, large] = [{}, {}];
    expect(budget.mayHold(small, 20)).toBe(true);
    expect(budget.mayHold(large, 70)).toBe(true);
    // 20 + 70 + 10 more: the small lane is over with the others, but isn't the one to commit.
    expect(budget.mayHold(small, 30)).toBe(true);
    expect(budget.heldBytes).toBe(100);
    expect(budget.mayHold(small, 35)).toBe(true);
    expect(budget.heldBytes).toBe(105);
    // The large one's next page: it commits, and what it held no longer counts.
    expect(budget.mayHold(large, 75)).toBe(false);
    expect(budget.heldBytes).toBe(35);
  });

  it('has every lane commit past twice the budget', () => {
    const budget = new HeldBudget(100);
    const [a, b, c] = [{}, {}, {}];
    expect(budget.mayHold(a, 90)).toBe(true);
    expect(budget.mayHold(b, 60)).toBe(true);
    // a holds the most but pages no more (its next page is slow to come): b and c stop at 200.
    expect(budget.mayHold(c, 45)).toBe(true);
    expect(budget.mayHold(c, 55)).toBe(false);
    expect(budget.heldBytes).toBe(150);
  });

  it('has a lane commit that alone fills the budget, or whose size is not known', () => {
    const budget = new HeldBudget(100);
    const lane = {};
    expect(budget.mayHold(lane, 100)).toBe(false);
    expect(budget.mayHold(lane, 10)).toBe(true);
    expect(budget.mayHold(lane, undefined)).toBe(false);
    expect(budget.heldBytes).toBe(0);
  });

  it('forgets a lane released (committed or dropped)', () => {
    const budget = new HeldBudget(100);
    const [a, b] = [{}, {}];
    budget.mayHold(a, 60);
    budget.mayHold(b, 30);
    budget.release(a);
    budget.release(a);
    expect(budget.heldBytes).toBe(30);
    expect(budget.mayHold(b, 90)).toBe(true);
  });

  it('with a budget of 0, lets no lane hold', () => {
    const budget = new HeldBudget(0);
    expect(budget.mayHold({}, 0)).toBe(false);
    expect(budget.mayHold({}, 1)).toBe(false);
  });
});
