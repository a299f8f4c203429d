// Accounts are classified by industry: exactly these 9 codes.
import type * as t from 'io-ts';
import { oneOf } from './codec.js';

export const INDUSTRIES = [
  'TECHNOLOGY',
  'FINANCE',
  'MANUFACTURING',
  'RETAIL',
  'LOGISTICS',
  'ENERGY',
  'HEALTHCARE',
  'GOVERNMENT',
  'EDUCATION',
] as const;

export const Industry = oneOf('Industry', INDUSTRIES);
export type Industry = t.TypeOf<typeof Industry>;
