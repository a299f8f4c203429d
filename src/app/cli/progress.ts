// Progress of a long job (demo, rebuild, import, verify): on a terminal, one line redrawn in
// place with a counter, a rate and an ETA; anywhere else nothing at all, so logs and pipes
// stay clean.
import type { CliStream } from './cli-io.js';

export interface Progress {
  /** `total` when it is known (it may become known late). */
  update(done: number, total?: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
}

/** Shows nothing: for output that is not a terminal. */
export const QUIET: Progress = { update: () => undefined, finish: () => undefined };

const duration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

const count = (n: number): string => n.toLocaleString('en-US');

/** The unit of a job measured as a share of the whole (positions are not counts). */
export const PERCENT = '%';

/** `label: 1,234/5,000 days · 120/s · ETA 32s`, or `label: 45.3 % · ETA 3s`. */
export const progressLine = (
  label: string,
  unit: string,
  done: number,
  total: number | undefined,
  seconds: number,
) => {
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = total === undefined || rate === 0 ? '' : ` · ETA ${duration((total - done) / rate)}`;
  if (unit === PERCENT) return `${label}: ${total ? ((100 * done) / total).toFixed(1) : '0.0'} %${eta}`;
  const of = total === undefined ? '' : `/${count(total)}`;
  return `${label}: ${count(done)}${of} ${unit} · ${count(Math.round(rate))}/s${eta}`;
};

export const progress = (
  stream: CliStream,
  label: string,
  unit: string,
  now: () => number = Date.now,
): Progress => {
  if (stream.isTTY !== true) return QUIET;
  const started = now();
  let lastDraw = -Infinity;
  let state = { done: 0, total: undefined as number | undefined };
  const draw = () => {
    lastDraw = now();
    const line = progressLine(label, unit, state.done, state.total, (lastDraw - started) / 1000);
    stream.write(`\r\x1b[2K${line}`);
  };
  return {
    update: (done, total) => {
      state = { done, total: total ?? state.total };
      // A redraw ten times a second is plenty for a person and cheap for the job.
      if (now() - lastDraw >= 100) draw();
    },
    finish: () => {
      draw();
      stream.write('\n');
    },
  };
};
