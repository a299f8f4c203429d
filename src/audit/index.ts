// The audit trail: history, timelines, time travel, hash-chain verification and anchors (see audit-trail.ts).
export * from './account-timeline.js';
export * from './anchors.js';
export * from './audit-trail.js';
export * from './chain-guard.js';
export * from './chain-verification.js';
export * from './not-found.js';
export * from './page-size.js';
export * from './state-as-of.js';
export * from './stream-history.js';
