// The CLI's failures, each with the exit code it ends with: 2 for a request that can't be run as
// asked (usage, configuration, an unknown projection), 1 for work that failed (a broken chain, a
// bad file, an unreachable store).

export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** A command or option the CLI does not know, or a missing argument. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}
