// AEGIS_WORKERS=2 as a child process: one primary, two workers on one gRPC port; health and
// metrics merged by the primary; a killed worker is replaced; SIGHUP reaches every worker;
// SIGTERM drains and exits 0;
// the merged stdout verifies as one log of several hash chains. Every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { verifyAuditLog } from '../src/audit-verify.js';
import { loadAuthzProtos } from '../src/protos.js';
import type { CheckRequest, CheckResponse } from '../src/wire-types.js';
import { loadCheckRequest, TEST_DEMO_KEY } from '../test-support/harness.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function lines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function waitForLine(proc: ChildProcess, out: { text: string }, match: (line: Record<string, unknown>) => boolean, count = 1): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const found = lines(out.text).filter(match);
      if (found.length >= count) {
        proc.stdout?.off('data', check);
        resolve(found);
      }
    };
    proc.stdout?.on('data', check);
    proc.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    check();
  });
}

async function healthy(admin: string): Promise<void> {
  for (;;) {
    const report = (await (await fetch(`${admin}/api/v1/health`)).json()) as { status: string; workers: unknown[] };
    if (report.status === 'ok' && report.workers.length === 2) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A client on its own connection (its own subchannel pool), so connections spread over the workers. */
function ownClient(port: number): { check(r: CheckRequest): Promise<CheckResponse>; close(): void } {
  const protos = loadAuthzProtos();
  const client = new protos.authorization(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
  return {
    check: (request) =>
      new Promise((resolve, reject) => {
        (client as unknown as Record<string, (r: CheckRequest, o: grpc.CallOptions, cb: (e: Error | null, v?: CheckResponse) => void) => void>)['Check']!.call(client, request, { deadline: Date.now() + 10_000 }, (err, res) => (err || !res ? reject(err) : resolve(res)));
      }),
    close: () => client.close(),
  };
}

t.test('two workers share the gRPC port, report through the primary, and stop cleanly', async (t) => {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env['PATH'] ?? '', AEGIS_WORKERS: '2', AEGIS_GRPC_HOST: '127.0.0.1', AEGIS_GRPC_PORT: '0', PORT: '0', AEGIS_DEMO_KEY: TEST_DEMO_KEY, AEGIS_REQUIRE_FILTER: 'true', OPENAI_API_KEY: 'sk-test-openai-0001', AEGIS_SHUTDOWN_GRACE_MS: '3000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL'); // workers follow on disconnect
  });
  const out = { text: '' };
  proc.stdout.on('data', (d: Buffer) => (out.text += d.toString()));

  const [listening] = await within(waitForLine(proc, out, (l) => l['event'] === 'listening'), 90_000, 'listening');
  t.match(listening, { workers: 2, grpc: { port: Number }, admin: { port: Number } });
  const grpcPort = (listening!['grpc'] as { port: number }).port;
  const admin = `http://127.0.0.1:${(listening!['admin'] as { port: number }).port}`;

  const clients = [ownClient(grpcPort), ownClient(grpcPort), ownClient(grpcPort), ownClient(grpcPort)];
  t.teardown(() => clients.forEach((c) => c.close()));
  for (const c of clients) t.equal((await c.check(loadCheckRequest('allowed-chat'))).status.code, 0);
  for (const c of clients) t.equal((await c.check(loadCheckRequest('allowed-chat'))).status.code, 0);

  const health = (await (await fetch(`${admin}/api/v1/health`)).json()) as { status: string; workers: { status: string }[] };
  t.match(health, { status: 'ok', policy_version: /^embedded-default@/ });
  t.equal(health.workers.length, 2);
  const metrics = await (await fetch(`${admin}/api/v1/metrics`)).text();
  t.match(metrics, /^aegis_requests_total\{tenant="demo",decision="allow"\} 8$/m, 'counters summed over the workers');
  const decisions = lines(out.text).filter((l) => l['event'] === 'decision');
  t.equal(new Set(decisions.map((l) => l['chain'])).size, 2, 'decisions came from both workers');

  const victim = Number(String(decisions[0]!['chain']).split('-')[1]);
  const exited = waitForLine(proc, out, (l) => l['event'] === 'worker_exit');
  process.kill(victim, 'SIGKILL');
  t.match((await within(exited, 20_000, 'worker_exit'))[0], { level: 'warn', code: 'authz.worker_exit', signal: 'SIGKILL' });
  await within(healthy(admin), 60_000, 'replacement worker');
  t.pass('a replacement worker joined and health is ok again');

  const reloads = waitForLine(proc, out, (l) => l['event'] === 'reload', 4);
  proc.kill('SIGHUP');
  const reloaded = await within(reloads, 20_000, 'reload');
  t.equal(new Set(reloaded.map((l) => l['chain'])).size, 2, 'SIGHUP reached both workers');

  proc.kill('SIGTERM');
  const [code] = (await within(once(proc, 'exit'), 30_000, 'exit')) as [number | null];
  t.equal(code, 0, 'exit 0 after draining');
  t.ok(lines(out.text).some((l) => l['event'] === 'stopped'));
  const report = verifyAuditLog(out.text);
  t.same(report.problems, [], 'the merged log verifies');
  t.ok(report.chains >= 3, `one chain per process (${report.chains})`);
});
