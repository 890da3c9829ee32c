// Load on an ext_authz gRPC server (Envoy's Authorization/Check), closed or open loop,
// with @grpc/grpc-js: one channel, as Envoy keeps one HTTP/2 connection per worker to
// its authz cluster. Written here rather than with ghz so the bench needs no second Go
// tool, and so its open loop counts latency from each call's due time, as the HTTP open
// loop does. The CheckRequest is the one Envoy sends for a mix's body: the same headers,
// the raw body bytes (pack_as_bytes), and the filter's x-aegis-filter mark.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadAuthzProtos } from '../../ext-authz/src/protos.js';
import type { LoadResult } from './load-types.js';
import { Recorder, summarize } from './stats.js';

const CHECK_PATH = '/envoy.service.auth.v3.Authorization/Check';

interface CheckResponse {
  status?: { code?: number; message?: string };
  denied_response?: { status?: { code?: string | number }; body?: string };
}

/** The CheckRequest Envoy would send for this chat body, as seen after the Aegis filter. */
export function checkRequest(body: string, key: string): object {
  const raw = Buffer.from(body);
  const id = randomUUID();
  const headers: Record<string, string> = {
    ':authority': 'localhost:8080',
    ':method': 'POST',
    ':path': '/v1/chat/completions',
    ':scheme': 'http',
    'content-type': 'application/json',
    'content-length': String(raw.length),
    accept: 'application/json',
    'user-agent': 'OpenAI/JS 6.0.0',
    authorization: `Bearer ${key}`,
    'x-forwarded-proto': 'http',
    'x-request-id': id,
    'x-aegis-request-id': id,
    'x-aegis-filter': 'v1;mode=enforce',
  };
  return {
    attributes: {
      source: { address: { socket_address: { address: '127.0.0.1', port_value: 51234 } } },
      destination: { address: { socket_address: { address: '127.0.0.1', port_value: 8080 } } },
      request: {
        http: { id, method: 'POST', headers, path: '/v1/chat/completions', host: 'localhost:8080', scheme: 'http', protocol: 'HTTP/1.1', size: String(raw.length), raw_body: raw },
      },
    },
  };
}

export interface GrpcTarget {
  port: number;
  requests: object[];
}

/**
 * Each CheckRequest is encoded once, before the run: the generator then only sends bytes,
 * so its CPU goes to gRPC itself rather than to protobuf encoding (which Envoy, in C++,
 * does far faster than protobufjs would in the generator).
 */
export function encodeRequests(requests: object[]): Buffer[] {
  const method = loadAuthzProtos().authorization.service.Check;
  if (!method) throw new Error('Authorization/Check not found in the protos');
  return requests.map((r) => method.requestSerialize(r));
}

function connect(port: number): grpc.Client {
  return new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': 16 * 1024 * 1024 });
}

const passBytes = (b: Buffer): Buffer => b;

interface Tally {
  latency: Recorder;
  errors: number;
  done: number;
  firstError?: string;
}

function callOnce(client: grpc.Client, request: Buffer, start: number, tally: Tally, next: () => void): void {
  const decode = loadAuthzProtos().authorization.service.Check?.responseDeserialize as (b: Buffer) => CheckResponse;
  client.makeUnaryRequest<Buffer, CheckResponse>(CHECK_PATH, passBytes, decode, request, { deadline: Date.now() + 10_000 }, (err, res) => {
    tally.latency.add(performance.now() - start);
    tally.done++;
    const code = res?.status?.code ?? 0;
    if (err || code !== 0) {
      tally.errors++;
      tally.firstError ??= err ? `gRPC ${err.code} ${err.details}` : `Check denied: status ${code} ${res?.denied_response?.body?.slice(0, 120) ?? ''}`;
    }
    next();
  });
}

async function ready(client: grpc.Client): Promise<void> {
  await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 5000, (err) => (err ? reject(err) : resolve())));
}

export async function runClosedGrpc(target: GrpcTarget, concurrency: number, durationS: number): Promise<LoadResult> {
  const client = connect(target.port);
  await ready(client);
  const requests = encodeRequests(target.requests);
  const tally: Tally = { latency: new Recorder(1 << 16), errors: 0, done: 0 };
  const t0 = performance.now();
  const end = t0 + durationS * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, () => new Promise<void>((resolve) => {
      const loop = (): void => {
        if (performance.now() >= end) return resolve();
        callOnce(client, requests[i++ % requests.length] as Buffer, performance.now(), tally, loop);
      };
      loop();
    })),
  );
  const elapsed = (performance.now() - t0) / 1000;
  client.close();
  return result(tally, elapsed, `@grpc/grpc-js closed loop, ${concurrency} in flight`);
}

export async function runOpenGrpc(target: GrpcTarget, rate: number, durationS: number): Promise<LoadResult> {
  const client = connect(target.port);
  await ready(client);
  const requests = encodeRequests(target.requests);
  const total = Math.max(1, Math.round(rate * durationS));
  const tally: Tally = { latency: new Recorder(total), errors: 0, done: 0 };
  const interval = 1000 / rate;
  let maxLag = 0;
  let sent = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const settle = (): void => {
    if (tally.done === total) finish();
  };
  const t0 = performance.now() + 20;
  const tick = (): void => {
    const now = performance.now();
    while (sent < total && t0 + sent * interval <= now) {
      const due = t0 + sent * interval;
      maxLag = Math.max(maxLag, now - due);
      callOnce(client, requests[sent % requests.length] as Buffer, due, tally, settle);
      sent++;
    }
    if (sent >= total) return;
    const wait = t0 + sent * interval - performance.now();
    if (wait > 2) setTimeout(tick, wait - 1);
    else setImmediate(tick);
  };
  tick();
  const drain = new Promise<void>((resolve) => setTimeout(resolve, durationS * 1000 + 10_000).unref());
  await Promise.race([allDone, drain]);
  const elapsed = Math.max(durationS, (performance.now() - t0) / 1000);
  client.close();
  const r = result(tally, elapsed, `@grpc/grpc-js open loop, ${rate}/s`);
  const missing = total - tally.done;
  return { ...r, errors: r.errors + missing, target_rate: rate, max_lag_ms: Math.round(maxLag * 100) / 100 };
}

function result(t: Tally, elapsedS: number, generator: string): LoadResult {
  return {
    requests: t.done,
    rps: Math.round(((t.done - t.errors) / elapsedS) * 10) / 10,
    ...summarize(t.latency.view()),
    errors: t.errors,
    non2xx: 0,
    generator,
    ...(t.firstError ? { first_error: t.firstError } : {}),
  };
}
