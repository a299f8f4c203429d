// A command id (a caller's Idempotency-Key) belongs to one aggregate. ESDB has no lookup across
// streams, so the first command with an id leaves one small marker, `kare:command-<id>`, that
// names the stream it wrote: written with `no_stream`, so of two racing claims exactly one
// wins, and never taken over. That is one extra write per keyed command, none per event;
// event ids need no index because they derive from the stream (src/commands).

export const COMMAND_STREAM_PREFIX = 'kare:command-';
export const COMMAND_CLAIMED = 'KareCommandClaimed';

export const commandStream = (commandId: string): string => `${COMMAND_STREAM_PREFIX}${commandId}`;

export const claimData = (streamId: string): { readonly streamId: string } => ({ streamId });

export const claimedStream = (data: unknown): string | undefined => {
  const { streamId } = (data ?? {}) as { streamId?: unknown };
  return typeof streamId === 'string' ? streamId : undefined;
};
