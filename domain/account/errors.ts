// Every code an Account decision can reject with: clients branch on them, the HTTP layer maps them.
import { ALREADY_EXISTS, NOT_FOUND } from '../kernel/index.js';

export const ACCOUNT_ERROR_CODES = [
  NOT_FOUND,
  ALREADY_EXISTS,
  /** A LOST account accepts only revenue commands and Reactivate. */
  'ACCOUNT_LOST',
  'ACCOUNT_NOT_ACTIVE',
  'NOTHING_TO_REACTIVATE',
  'MANAGER_ALREADY_ASSIGNED',
  'CURRENCY_MISMATCH',
  'REVENUE_PERIOD_IN_FUTURE',
  'REVENUE_ALREADY_RECORDED',
  'REVENUE_NOT_RECORDED',
  'CORRECTION_IS_ZERO',
  'REVENUE_WOULD_BE_NEGATIVE',
  'PERIOD_NOT_CLOSED',
  /** Month ends run in order: a month at or before the last evaluated one is refused. */
  'PERIOD_ALREADY_EVALUATED',
  'OVERRIDE_REASON_REQUIRED',
  'OVERRIDE_EXPIRY_NOT_IN_FUTURE',
  'OVERRIDE_TOO_LONG',
  'OVERRIDE_APPROVER_IS_MANAGER',
  'NO_ACCOUNT_MANAGER',
  'SERVICE_REQUEST_ALREADY_OPEN',
  'SERVICE_REQUEST_NOT_OPEN',
  'SERVICE_REQUEST_RESOLVED_BEFORE_OPENED',
  'NOT_A_MANAGER_OF_ACCOUNT',
] as const;
export type AccountErrorCode = (typeof ACCOUNT_ERROR_CODES)[number];
