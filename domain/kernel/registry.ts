// Every command and event type is described once: its name, its data codec (the TypeScript
// type, the validator and the source of the published JSON Schema) and where it belongs.
import type * as t from 'io-ts';
import { recorded } from './codec.js';

export type AggregateKind = 'account' | 'agreement' | 'supply' | 'group';

export interface EventDefinition {
  /** Past tense: `AccountRegistered`. */
  readonly type: string;
  readonly aggregate: AggregateKind;
  /** The current schema version of the data; older stored versions are upcast to it. */
  readonly schemaVersion: number;
  /** Reads what was recorded: the checks of new input (a period from 2000 …) are not applied (see `recorded`). */
  readonly data: t.Mixed;
}

export interface CommandDefinition {
  /** Imperative: `RegisterAccount`. The HTTP route is its kebab-case form. */
  readonly type: string;
  readonly aggregate: AggregateKind;
  readonly data: t.Mixed;
  /** The command that starts a stream (`RegisterAccount`); its data carries the aggregate id. */
  readonly creates: boolean;
}

/** `RegisterAccount` → `register-account`. */
export const kebabCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The definers of one aggregate's commands and events (schema version 1 unless said). */
export const definitionsOf = (aggregate: AggregateKind) => ({
  command: (type: string, data: t.Mixed, creates = false): CommandDefinition => ({
    type,
    aggregate,
    data,
    creates,
  }),
  event: (type: string, data: t.Mixed, schemaVersion = 1): EventDefinition => ({
    type,
    aggregate,
    schemaVersion,
    data: recorded(data),
  }),
});
