// Each command's arguments, parsed strictly (node:util parseArgs): an unknown option or a
// missing value is a usage error naming it, never ignored.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-errors.js';
import { parseDecimal } from '../../position.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** `--data <dir>`: every command that opens the store takes it. */
export const DATA_OPTION = { data: { type: 'string' } } as const satisfies Options;

export const parseCommand = <O extends Options>(command: string, args: readonly string[], options: O) => {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`kare ${command}: ${(error as Error).message}`);
  }
};

/** A non-negative integer option (a seed, a count). */
export const integerOption = (
  command: string,
  name: string,
  value: string | undefined,
): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value))
    throw new UsageError(`kare ${command}: --${name} must be a non-negative integer, not "${value}"`);
  return Number(value);
};

/** A global position: a decimal string of any size, kept as a bigint. */
export const positionOption = (
  command: string,
  name: string,
  value: string | undefined,
): bigint | undefined => {
  if (value === undefined) return undefined;
  const position = parseDecimal(value);
  if (position === undefined)
    throw new UsageError(`kare ${command}: --${name} must be a position (a decimal number), not "${value}"`);
  return position;
};

export const noMorePositionals = (command: string, positionals: readonly string[], allowed: number): void => {
  if (positionals.length > allowed) {
    throw new UsageError(`kare ${command}: unexpected argument "${positionals[allowed]}"`);
  }
};
