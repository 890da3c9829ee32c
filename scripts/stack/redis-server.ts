// A throwaway redis-server for tests and the quota bench: loopback, a free port, no
// persistence, stopped (or killed, and started again on the same port) on demand.
import { execFileSync } from 'node:child_process';
import { startChild, type StackChild } from './child.js';
import { freePort } from './free-port.js';

export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL: Redis gone at once, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was persisted). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

export function redisServerAvailable(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function launch(port: number): Promise<StackChild> {
  const child = startChild('redis-server', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning']);
  // At loglevel warning Redis prints nothing when ready, so poll it with PING over a socket.
  const { createConnection } = await import('node:net');
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exited()) throw new Error(`redis-server exited while starting:\n${child.log()}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
      socket.setTimeout(500, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (pong) return child;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`redis-server on port ${port} not ready within 10 s:\n${child.log()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts redis-server (Debian's `redis-server` package) on a free loopback port. */
export async function startRedisServer(): Promise<TestRedis> {
  if (!redisServerAvailable()) throw new Error('redis-server is not installed: `apt-get install redis-server` (npm test installs it when run as root)');
  const port = await freePort();
  let child = await launch(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      child.process.kill('SIGKILL');
      await child.stop();
    },
    async restart() {
      await child.stop();
      child = await launch(port);
    },
    stop: () => child.stop(),
    log: () => child.log(),
  };
}
