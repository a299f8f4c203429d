export { projection } from './projection.js';
export { readModels, riskSummaryBy, type RiskSummary } from './read-model.js';
export { ACCOUNT_RISK, RISK_REGIONS, type AccountRiskDoc, type RiskRegionDoc } from './documents.js';
export { accountRiskAsOf, riskMeasuresAsOf, type AccountRisk, type RiskFlag } from './as-of.js';
