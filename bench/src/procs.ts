// Processes the bench starts: each writes its output to a log file (never through a pipe
// into this process, which is the load generator and must not spend its CPU on other
// processes' logs), runs on the SUT's CPUs, and is stopped by the bench however it ends:
// normally, on an error, or on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { pinned, type Pinning } from './machine.js';

export interface BenchProcess {
  name: string;
  pid: number;
  logFile: string;
  exited(): boolean;
  /** The last part of the process's log, for error messages. */
  tail(chars?: number): string;
  stop(): Promise<void>;
}

const running = new Set<BenchProcess>();

export interface LaunchOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  pinning: Pinning;
}

export function launch(name: string, command: string, args: string[], o: LaunchOptions): BenchProcess {
  const fd = openSync(o.logFile, 'a');
  const [cmd, argv] = pinned(o.pinning, command, args);
  const child: ChildProcess = spawn(cmd, argv, { stdio: ['ignore', fd, fd], env: o.env ?? process.env, cwd: o.cwd });
  closeSync(fd);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });
  const proc: BenchProcess = {
    name,
    pid: child.pid ?? -1,
    logFile: o.logFile,
    exited: () => exited,
    tail(chars = 4000) {
      try {
        return readFileSync(o.logFile, 'utf8').slice(-chars);
      } catch {
        return '';
      }
    },
    async stop() {
      running.delete(proc);
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return proc;
}

/** Stops every process still running; for the end of a run and for signals. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/** Kills what is left synchronously, for process 'exit' where nothing async runs. */
export function killAllNow(): void {
  for (const p of running) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  running.clear();
}
