// When the server anchors the chains: KARE_ANCHOR_EVERY events (default 1000) and every
// KARE_ANCHOR_SECONDS seconds when something changed (default 60); 0 turns a trigger off.
import { DEFAULT_ANCHOR_SCHEDULE, type AnchorSchedule } from '../audit/index.js';
import { ConfigError } from './config.js';

const count = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new ConfigError(`${name} must be a whole number ≥ 0, not "${text}"`);
  return Number(text);
};

export const anchorScheduleFrom = (env: NodeJS.ProcessEnv = process.env): AnchorSchedule => ({
  everyEvents: count(env, 'KARE_ANCHOR_EVERY', DEFAULT_ANCHOR_SCHEDULE.everyEvents),
  everyMs: count(env, 'KARE_ANCHOR_SECONDS', DEFAULT_ANCHOR_SCHEDULE.everyMs / 1000) * 1000,
});
