// The server as a child process (`node --import tsx bin/kare-dev.ts serve`), as an operator starts it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The base URL from the `listening on …` line. */
  readonly url: string;
  /** Every stdout line so far (pino JSON). */
  readonly lines: string[];
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

export interface Exit {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

const start = (env: Record<string, string>) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kare-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/kare-dev.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      KARE_DATA_DIR: dataDir,
      KARE_SQLITE_SYNC: 'normal',
      ...env,
    },
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return { child, exited };
};

/** The `msg` of a pino JSON line ('' for anything else). */
const messageOf = (line: string): string => {
  try {
    return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
  } catch {
    return '';
  }
};

/** Starts the server and resolves once it listens. */
export const startServer = (env: Record<string, string> = {}): Promise<ServerProcess> => {
  const { child, exited } = start(env);
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const url = /^listening on (http:\/\/\S+)$/.exec(messageOf(line))?.[1];
      if (url !== undefined)
        resolve({
          child,
          url,
          lines,
          exited,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening: ${stderr}`)));
  });
};

/** Runs the server expecting it to refuse to start: its exit code and output. */
export const runUntilExit = async (env: Record<string, string>): Promise<Exit> => {
  const { child, exited } = start(env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await exited;
  return { code, stdout, stderr };
};
