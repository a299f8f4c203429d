// What the CLI talks to: its output streams, its environment and a clock for rates. The real
// process gives them by default; tests pass their own and read the exit code runCli returns.

export interface CliStream {
  write(chunk: string): unknown;
  /** True when a person is watching: progress is shown only then. */
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: NodeJS.ProcessEnv;
  /** Milliseconds, for progress rates (default Date.now). */
  readonly now?: () => number;
  /** How long to wait for the event store's first answer (default 10 s). */
  readonly storeTimeoutMs?: number;
}

export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

/** Writes a line. */
export const say = (stream: CliStream, line: string): void => {
  stream.write(`${line}\n`);
};
