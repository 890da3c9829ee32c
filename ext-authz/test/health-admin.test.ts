// gRPC health, the admin HTTP endpoints and shutdown, over real sockets.
import t from 'tap';
import type { HealthCheckResponse } from '../src/wire-types.js';
import { loadCheckRequest, startTestServer } from '../test-support/harness.js';

const METRICS = ['aegis_requests_total', 'aegis_blocked_total', 'aegis_threats_detected_total', 'aegis_request_duration_seconds', 'aegis_pii_detections_total'];

t.test('gRPC health reports SERVING for the server and the Authorization service', async (t) => {
  const { client } = await startTestServer(t);
  t.same(await client.health(''), { status: 'SERVING' });
  t.same(await client.health('envoy.service.auth.v3.Authorization'), { status: 'SERVING' });
  await t.rejects(client.health('no.such.Service'), { code: 5 }, 'unknown service is NOT_FOUND');
});

t.test('admin health answers JSON with status, policy version and redis state', async (t) => {
  const { admin } = await startTestServer(t);
  const res = await fetch(`${admin}/api/v1/health`);
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /application\/json/);
  t.match(await res.json(), { status: 'ok', policy_version: /^embedded-default@[0-9a-f]{12}$/, redis: 'disabled', dry_run: false, reload_errors: [] });
});

t.test('admin metrics expose the five Aegis metrics and process metrics', async (t) => {
  const { admin, client } = await startTestServer(t);
  await client.check(loadCheckRequest('allowed-chat'));
  await client.check(loadCheckRequest('pii-redacted'));
  await client.check(loadCheckRequest('injection-flagged'));
  await client.check(loadCheckRequest('wrong-key'));
  const res = await fetch(`${admin}/api/v1/metrics`);
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /text\/plain/);
  const text = await res.text();
  for (const name of METRICS) t.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is registered`);
  t.match(text, /^aegis_requests_total\{tenant="demo",decision="allow"\} 2$/m);
  t.match(text, /^aegis_requests_total\{tenant="unknown",decision="deny"\} 1$/m, 'unauthenticated requests count as tenant unknown');
  t.match(text, /^aegis_blocked_total\{tenant="demo",rule="policy.deny_prompt_injection"\} 1$/m);
  t.match(text, /^aegis_threats_detected_total\{tenant="demo",detector="injection",rule="filter.injection.ignore_previous"\} 1$/m);
  t.match(text, /^aegis_pii_detections_total\{tenant="demo",rule="filter.pii.email"\} 2$/m);
  t.match(text, /^aegis_request_duration_seconds_bucket\{le="0.0001",decision="allow"\} \d+$/m, 'sub-millisecond buckets');
  t.match(text, /^process_cpu_user_seconds_total /m);
});

t.test('admin HTTP answers 404 elsewhere and 405 to other methods', async (t) => {
  const { admin } = await startTestServer(t);
  t.equal((await fetch(`${admin}/`)).status, 404);
  t.equal((await fetch(`${admin}/api/v1/health`, { method: 'POST' })).status, 405);
});

t.test('admin HTTP allows only the configured CORS origins', async (t) => {
  const { admin } = await startTestServer(t, { CORS_ORIGINS: 'https://console.example' });
  const allowed = await fetch(`${admin}/api/v1/health`, { headers: { origin: 'https://console.example' } });
  t.equal(allowed.headers.get('access-control-allow-origin'), 'https://console.example');
  const other = await fetch(`${admin}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
  t.equal(other.headers.get('access-control-allow-origin'), null);
});

t.test('shutdown sets NOT_SERVING, ends health watches and closes both ports', async (t) => {
  const { server, client, admin } = await startTestServer(t);
  const seen: string[] = [];
  const watch = client.watch('');
  const ended = new Promise<void>((resolve) => {
    watch.on('data', (msg: HealthCheckResponse) => seen.push(msg.status));
    watch.on('error', () => resolve());
    watch.on('end', () => resolve());
  });
  await new Promise((resolve) => watch.once('data', resolve));
  await server.close();
  await ended;
  t.same(seen, ['SERVING', 'NOT_SERVING']);
  await t.rejects(fetch(`${admin}/api/v1/health`), 'admin port is closed');
  await t.rejects(client.health(''), 'gRPC port is closed');
});

t.test('a check in flight when shutdown starts still gets its answer', async (t) => {
  let closing: Promise<void> | undefined;
  const running = await startTestServer(t, {}, (line) => {
    if (line['event'] === 'decision') closing ??= running.server.close();
  });
  const res = await running.client.check(loadCheckRequest('allowed-chat'));
  t.equal(res.status.code, 0);
  t.ok(closing, 'shutdown started while the check was being answered');
  await closing;
});
