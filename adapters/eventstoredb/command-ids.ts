// A command id (a caller's Idempotency-Key) belongs to one aggregate. ESDB has no lookup across
// streams, so the first command with an id leaves one small marker, `kare:command-<id>`, that
// names the stream it wrote: written with `no_stream`, so of two racing claims exactly one
// wins, and never taken over. That is one extra write per keyed command, none per event;
// event ids need no index because they derive from the stream (src/commands).

import type { CommandClaim } from '../../src/ports.js';

export const COMMAND_STREAM_PREFIX = 'kare:command-';
export const COMMAND_CLAIMED = 'KareCommandClaimed';

export const commandStream = (commandId: string): string => `${COMMAND_STREAM_PREFIX}${commandId}`;

/** The marker's data: the stream, and the request's fingerprint where the claim has one. */
export const claimData = (
  claim: CommandClaim,
): { readonly streamId: string; readonly fingerprint?: string } =>
  claim.fingerprint === undefined
    ? { streamId: claim.streamId }
    : { streamId: claim.streamId, fingerprint: claim.fingerprint };

/** The claim a marker holds (markers written before fingerprints were kept have none). */
export const storedClaim = (data: unknown): CommandClaim | undefined => {
  const { streamId, fingerprint } = (data ?? {}) as { streamId?: unknown; fingerprint?: unknown };
  if (typeof streamId !== 'string') return undefined;
  return typeof fingerprint === 'string' ? { streamId, fingerprint } : { streamId };
};
