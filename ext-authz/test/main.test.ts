// The entry point as a child process, the way the stack harness and the chart run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { createAuthzClient } from '../src/client.js';
import { loadCheckRequest, TEST_DEMO_KEY } from '../test-support/harness.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface Child {
  readonly proc: ChildProcess;
  readonly lines: Record<string, unknown>[];
  next(event: string): Promise<Record<string, unknown>>;
}

function startMain(t: Test, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env['PATH'] ?? '', AEGIS_GRPC_HOST: '127.0.0.1', AEGIS_GRPC_PORT: '0', PORT: '0', OPENAI_API_KEY: 'sk-test-main-0001', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  createInterface({ input: proc.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const w of waiters.filter((w) => w.event === line['event'])) w.resolve(line);
  });
  const next = (event: string): Promise<Record<string, unknown>> => new Promise((resolve) => waiters.push({ event, resolve }));
  return { proc, lines, next };
}

t.test('main prints where it listens, serves checks, reloads on SIGHUP and exits 0 on SIGTERM', async (t) => {
  const child = startMain(t, { AEGIS_DEMO_KEY: TEST_DEMO_KEY });
  const listening = await child.next('listening');
  t.match(listening, { level: 'info', grpc: { host: '127.0.0.1', port: Number }, admin: { host: '127.0.0.1', port: Number }, policy_version: /^embedded-default@/ });
  const grpcPort = (listening['grpc'] as { port: number }).port;
  t.not(grpcPort, 0, 'the actual port, not 0');

  const client = createAuthzClient(`127.0.0.1:${grpcPort}`);
  t.teardown(() => client.close());
  t.equal((await client.check(loadCheckRequest('allowed-chat'))).status.code, 0);

  const reloaded = child.next('reload');
  child.proc.kill('SIGHUP');
  t.match(await reloaded, { reason: 'signal' });

  child.proc.kill('SIGTERM');
  const [code] = (await once(child.proc, 'exit')) as [number | null];
  t.equal(code, 0);
  t.notOk(JSON.stringify(child.lines).includes(TEST_DEMO_KEY), 'the demo key never reaches the log');
});

t.test('main refuses to start on an invalid variable and names it', async (t) => {
  const child = startMain(t, { AEGIS_GRPC_PORT: 'ninety' });
  const [code] = (await once(child.proc, 'exit')) as [number | null];
  t.equal(code, 1);
  t.match(child.lines[0], { level: 'fatal', event: 'config_invalid', where: 'AEGIS_GRPC_PORT' });
});
