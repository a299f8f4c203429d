// The stable codes of every rejection a group gives, besides the kernel's NOT_FOUND,
// ALREADY_EXISTS and UNKNOWN_ACCOUNT. Clients branch on them; the HTTP layer maps them to statuses.
import { ALREADY_EXISTS, NOT_FOUND, UNKNOWN_ACCOUNT } from '../kernel/index.js';

/** A LOST account joins no group (it accepts only revenue commands and Reactivate). */
export const ACCOUNT_LOST = 'ACCOUNT_LOST';
export const ALREADY_A_MEMBER = 'ALREADY_A_MEMBER';
/** An account belongs to at most one group: it must leave the other first. */
export const MEMBER_OF_ANOTHER_GROUP = 'MEMBER_OF_ANOTHER_GROUP';
export const NOT_A_MEMBER = 'NOT_A_MEMBER';
export const GROUP_MANAGER_ALREADY_ASSIGNED = 'GROUP_MANAGER_ALREADY_ASSIGNED';
export const EXECUTIVE_SPONSOR_ALREADY_SET = 'EXECUTIVE_SPONSOR_ALREADY_SET';

export const GROUP_ERROR_CODES = [
  NOT_FOUND,
  ALREADY_EXISTS,
  UNKNOWN_ACCOUNT,
  ACCOUNT_LOST,
  ALREADY_A_MEMBER,
  MEMBER_OF_ANOTHER_GROUP,
  NOT_A_MEMBER,
  GROUP_MANAGER_ALREADY_ASSIGNED,
  EXECUTIVE_SPONSOR_ALREADY_SET,
] as const;
export type GroupErrorCode = (typeof GROUP_ERROR_CODES)[number];
