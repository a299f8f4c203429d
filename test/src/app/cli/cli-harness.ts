// The CLI run in-process: runCli with captured output streams and its own environment, so a
// test reads the exit code, stdout and stderr of one command.
import { demoCommand } from '../../../../demo/demo-command.js';
import { runCli } from '../../../../src/app/cli.js';
import type { CliStream } from '../../../../src/app/cli/cli-io.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Captured extends CliStream {
  text(): string;
}

export const captured = (isTTY = false): Captured => {
  let text = '';
  return {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
};

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Pretend stderr (progress) is a terminal. */
  readonly tty?: boolean;
  readonly storeTimeoutMs?: number;
}

/** `kare <args>` against the data directory `dataDir` (KARE_DATA_DIR). */
export const kare = async (
  dataDir: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliRun> => {
  const stdout = captured();
  const stderr = captured(options.tty ?? false);
  const code = await runCli(
    args,
    {
      stdout,
      stderr,
      env: { KARE_DATA_DIR: dataDir, ...options.env },
      ...(options.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: options.storeTimeoutMs }),
    },
    { demo: demoCommand },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
};
