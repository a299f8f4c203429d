// What the audit answers for something that was never written: a value the HTTP layer maps to
// a 404, never an exception that would surface as a 500.
export interface StreamNotFoundResult {
  readonly kind: 'stream_not_found';
  readonly streamId: string;
}

export interface AccountNotFoundResult {
  readonly kind: 'account_not_found';
  readonly accountId: string;
}

export const streamNotFound = (streamId: string): StreamNotFoundResult => ({
  kind: 'stream_not_found',
  streamId,
});
