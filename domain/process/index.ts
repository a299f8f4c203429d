export * from './account-lost.js';
export * from './month-end.js';
export * from './process-command.js';
export * from './shortage.js';
export * from './at-risk.js';
export * from './risk-score.js';
