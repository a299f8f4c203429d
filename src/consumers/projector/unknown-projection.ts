// `kare rebuild NAME` (or a status/wait) with a name the projector doesn't run.
export class UnknownProjection extends Error {
  override readonly name = 'UnknownProjection';
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown projection "${projection}". Known projections: ${known.join(', ')}`);
  }
}
