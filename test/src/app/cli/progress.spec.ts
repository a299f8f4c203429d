// Progress of long jobs: a counter with rate and ETA redrawn on a terminal, nothing elsewhere.
import { describe, expect, it } from 'vitest';
import { PERCENT, progress, progressLine } from '../../../../src/app/cli/progress.js';
import { captured } from './cli-harness.js';

describe('progress', () => {
  it('reads as a count of a total, a rate and the time left', () => {
    expect(progressLine('import: append', 'events', 2500, 10_000, 5)).toBe(
      'import: append: 2,500/10,000 events · 500/s · ETA 15s',
    );
    expect(progressLine('demo', 'days', 100, 755, 4)).toBe('demo: 100/755 days · 25/s · ETA 26s');
    expect(progressLine('verify', 'streams', 3, undefined, 1)).toBe('verify: 3 streams · 3/s');
    expect(progressLine('rebuild all', PERCENT, 250, 1000, 2)).toBe('rebuild all: 25.0 % · ETA 6s');
    expect(progressLine('export', 'events', 61_000, 122_000, 60)).toContain('ETA 1m00s');
  });

  it('redraws one line in place on a terminal, at most ten times a second, and ends it', () => {
    const stream = captured(true);
    let now = 0;
    const shown = progress(stream, 'verify', 'streams', () => now);
    shown.update(1, 4);
    now = 50;
    shown.update(2, 4);
    now = 1000;
    shown.update(3, 4);
    shown.finish();
    const draws = stream
      .text()
      .split('\r')
      .filter((part) => part !== '');
    expect(draws).toHaveLength(3);
    expect(draws.at(-1)).toBe('\x1b[2Kverify: 3/4 streams · 3/s · ETA 0s\n');
  });

  it('writes nothing when not on a terminal', () => {
    const stream = captured(false);
    const shown = progress(stream, 'demo', 'days');
    shown.update(10, 20);
    shown.finish();
    expect(stream.text()).toBe('');
  });
});
