// What operators see of a decision: DRY_RUN's would-be denial in the response header, a
// metric label and the log; the request id in headers and dynamic metadata; per-detector
// timings in the log and in aegis_detector_duration_seconds.
import { join } from 'node:path';
import t from 'tap';
import { headerMap, loadCheckRequest, startTestServer } from '../test-support/harness.js';

const POLICY = `version: 1
topics:
  weapons: { keywords: ["pipe bomb"] }
defaults:
  banned_topics: [weapons]
  tools: { allowed: [get_weather] }
rules:
  - name: deny_banned_topics
    action: deny
    when: { findings: { detectors: [topic] } }
`;

t.test('DRY_RUN: full evaluation, never a deny; the would-be decision in header, metric and log', async (t) => {
  const dir = t.testdir({ 'policy.yaml': POLICY });
  const { client, logs, admin } = await startTestServer(t, { DRY_RUN: 'true', AEGIS_POLICY_FILE: join(dir, 'policy.yaml') });
  const request = loadCheckRequest('allowed-chat');
  const http = request.attributes?.request?.http;
  if (http) http.body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'pipe bomb please' }] });
  const res = await client.check(request);
  t.equal(res.status.code, 0, 'allowed through');
  t.notOk(res.denied_response);
  t.equal(headerMap(res.ok_response?.headers)['x-aegis-decision'], 'dry-run-deny', 'upstream header');
  t.equal(headerMap(res.ok_response?.response_headers_to_add)['x-aegis-decision'], 'dry-run-deny', 'client response header');
  t.match(logs.find((l) => l['event'] === 'decision'), { decision: 'dry-run-deny', code: 'policy.deny_banned_topics', status: 200, rules: ['policy.deny_banned_topics'], reasons: { 'policy.deny_banned_topics': 'rule deny_banned_topics' }, findings: ['topic:authz.topic.weapons:flag:1'] });
  const metrics = await (await fetch(`${admin}/api/v1/metrics`)).text();
  t.match(metrics, /^aegis_requests_total\{tenant="demo",decision="dry-run-deny"\} 1$/m);
  t.match(metrics, /^aegis_blocked_total\{tenant="demo",rule="policy.deny_banned_topics"\} 1$/m);
  t.match(metrics, /^aegis_threats_detected_total\{tenant="demo",detector="topic",rule="authz.topic.weapons"\} 1$/m);
  t.match(await (await fetch(`${admin}/api/v1/health`)).json(), { dry_run: true });
});

t.test('the request id goes to Envoy as a header and as dynamic metadata, and detectors are timed', async (t) => {
  const dir = t.testdir({ 'policy.yaml': POLICY });
  const { client, logs, admin } = await startTestServer(t, { AEGIS_POLICY_FILE: join(dir, 'policy.yaml') });
  const res = await client.check(loadCheckRequest('allowed-chat'));
  t.equal(headerMap(res.ok_response?.headers)['x-aegis-request-id'], 'req-allowed-chat');
  t.match(res.dynamic_metadata?.fields?.['decision_id'], { stringValue: 'req-allowed-chat' });
  const line = logs.find((l) => l['event'] === 'decision');
  t.match(line, { request_id: 'req-allowed-chat', detectors: { topic: { ms: Number, hits: 0 }, tool: { ms: Number, hits: 0 } }, duration_ms: Number });
  const metrics = await (await fetch(`${admin}/api/v1/metrics`)).text();
  t.match(metrics, /^# TYPE aegis_detector_duration_seconds histogram$/m);
  t.match(metrics, /^aegis_detector_duration_seconds_count\{detector="topic"\} 1$/m);
  t.match(metrics, /^aegis_detector_duration_seconds_bucket\{le="0.00001",detector="tool"\} \d+$/m, 'buckets from 5 µs');
});

t.test('liveness and readiness: /api/v1/health/live only says the process answers', async (t) => {
  const { admin } = await startTestServer(t);
  const live = await fetch(`${admin}/api/v1/health/live`);
  t.equal(live.status, 200);
  t.same(await live.json(), { status: 'alive' });
  t.match(await (await fetch(`${admin}/api/v1/health/ready`)).json(), { status: 'ok', policy_version: /^embedded-default@/, redis: String });
});
