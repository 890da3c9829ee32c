// A child process of the stack: its output kept in a bounded log, and a stop() that
// always ends it (SIGTERM, then SIGKILL after a grace period).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const MAX_LOG_CHARS = 256 * 1024;

export interface StackChild {
  name: string;
  process: ChildProcess;
  /** The most recent output of the process, stdout and stderr interleaved. */
  log(): string;
  /** Resolves with the first output line that `match` accepts. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
  exited(): boolean;
  stop(graceMs?: number): Promise<void>;
}

// Children still running when this process exits (a test that crashed, a Ctrl-C that
// skipped the teardown) are killed, so no stack process outlives the one that started it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startChild(name: string, command: string, args: string[], options: SpawnOptions = {}): StackChild {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let buffer = '';
  let exited = false;
  const lineWaiters: ((line: string) => void)[] = [];
  let partial = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    buffer = (buffer + text).slice(-MAX_LOG_CHARS);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const waiter of [...lineWaiters]) waiter(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (err) => {
      buffer += `\n[${name}] failed to start: ${err.message}\n`;
      exited = true;
      resolve();
    });
  });
  return {
    name,
    process: child,
    log: () => buffer,
    exited: () => exited,
    waitForLine(match, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          remove();
          reject(new Error(`${name}: no matching output line within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (line: string): void => {
          if (!match(line)) return;
          remove();
          resolve(line);
        };
        const remove = (): void => {
          clearTimeout(timer);
          const i = lineWaiters.indexOf(waiter);
          if (i >= 0) lineWaiters.splice(i, 1);
        };
        lineWaiters.push(waiter);
        void exitPromise.then(() => {
          if (lineWaiters.includes(waiter)) {
            remove();
            reject(new Error(`${name} exited (code ${child.exitCode}) before printing the expected line`));
          }
        });
      });
    },
    async stop(graceMs = 5000) {
      if (exited) return;
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(killTimer);
    },
  };
}
