// A projection's progress as the API shows it: in the health check (is it serving, how far)
// and in /projections (the whole status, with a rebuild growing beside the live one).
import * as t from 'io-ts';
import { Integer, oneOf } from '../../domain/kernel/index.js';
import { DecimalString } from '../../src/position.js';

export const ProjectionState = oneOf('ProjectionState', [
  'catching_up',
  'live',
  'rebuilding',
  'stopped',
  'failed',
]);

/** Strict: only these fields of the projector's status are shown. */
export const ProjectionProgressJson = t.strict({
  name: t.string,
  state: ProjectionState,
  position: DecimalString,
  lag: DecimalString,
});

export const ProjectionStatusJson = t.intersection([
  t.strict({
    name: t.string,
    version: Integer,
    position: DecimalString,
    head: DecimalString,
    lag: DecimalString,
    state: ProjectionState,
  }),
  t.exact(t.partial({ error: t.string, rebuild: t.strict({ version: Integer, position: DecimalString }) })),
]);
