// Quantities are non-negative integers of a SKU's unit.
import { NonNegativeInteger, PositiveInteger } from './codec.js';

export const Quantity = NonNegativeInteger;
export const PositiveQuantity = PositiveInteger;
