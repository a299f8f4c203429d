// given(events).when(command).then(events) / .rejects(code): the shape of every decider spec.
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { Decider, Decision, DomainError } from '../../domain/kernel/index.js';

export interface Then<Event> {
  /** The decision accepted the command with exactly these events. */
  then(expected: readonly Event[]): readonly Event[];
  /** The decision rejected the command with this code; returns the error for further checks. */
  rejects(code: string): DomainError;
  /** The raw result, for checks that need more than equality. */
  result(): Decision<Event>;
}

export const deciderSpecification =
  <Command, Event, State, Context>(
    decider: Decider<Command, Event, State, Context>,
    defaultContext: Context,
  ) =>
  (given: readonly Event[] = []) => ({
    when: (command: Command, context: Partial<Context> = {}): Then<Event> => {
      const state = given.reduce(decider.evolve, decider.initialState);
      const decide = () => decider.decide(command, state, { ...defaultContext, ...context });
      return {
        then: (expected) => {
          const result = decide();
          if (E.isLeft(result)) {
            throw new Error(`expected events, got ${result.left.code}: ${result.left.message}`);
          }
          expect(result.right).toEqual(expected);
          return result.right;
        },
        rejects: (code) => {
          const result = decide();
          if (E.isRight(result))
            throw new Error(`expected ${code}, got events ${JSON.stringify(result.right)}`);
          expect(result.left.code).toBe(code);
          return result.left;
        },
        result: decide,
      };
    },
  });
