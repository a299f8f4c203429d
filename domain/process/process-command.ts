// What a process manager asks for: a command for one aggregate, with a command id derived from
// what triggered it, so a redelivered trigger resends the same id and the handler writes nothing new.
import type { AggregateKind } from '../kernel/index.js';

export interface ProcessCommand {
  readonly commandId: string;
  readonly aggregate: AggregateKind;
  readonly aggregateId: string;
  readonly command: {
    readonly type: string;
    readonly data: { readonly at: string } & Readonly<Record<string, unknown>>;
  };
}
