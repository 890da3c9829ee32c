// Open loop over HTTP: requests start on a fixed schedule (request i at t0 + i/rate),
// whether or not earlier ones have answered, and each latency is counted from the time the
// request was due, not from when it was sent. So a slow server shows up as latency, as it
// would for real users, instead of slowing the generator down (wrk2's approach).
//
// Written on Node's http client rather than autocannon: autocannon's `overallRate` is a
// per-second request budget shared by its connections — a burst at each second's start,
// capped by the number of connections, latency counted from the actual send — so it is
// not a true open loop.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { HttpTarget, LoadResult } from './load-types.js';
import { Recorder, summarize } from './stats.js';

export interface OpenOptions {
  /** Most connections open at once; requests beyond wait in the client, their wait counted. */
  maxSockets?: number;
  /** How long to wait for the last answers after the schedule ends. */
  drainMs?: number;
}

export async function runOpenHttp(target: HttpTarget, rate: number, durationS: number, o: OpenOptions = {}): Promise<LoadResult> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 256, maxFreeSockets: o.maxSockets ?? 256 });
  const bodies = target.bodies.map((b) => Buffer.from(b));
  const total = Math.max(1, Math.round(rate * durationS));
  const interval = 1000 / rate;
  const latency = new Recorder(total);
  const ttfb = new Recorder(target.stream ? total : 16);
  let done = 0;
  let errors = 0;
  let non2xx = 0;
  let maxLag = 0;
  let firstError: string | undefined;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const settle = (): void => {
    done++;
    if (done === total) finish();
  };

  const fire = (i: number, due: number): void => {
    const body = bodies[i % bodies.length] as Buffer;
    const req = request({ agent, host: url.hostname, port: url.port, method: 'POST', path: target.path, headers: { ...target.headers, 'content-length': body.length } }, (res) => {
      let first = true;
      res.on('data', () => {
        if (first && target.stream) ttfb.add(performance.now() - due);
        first = false;
      });
      res.on('end', () => {
        latency.add(performance.now() - due);
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          non2xx++;
          errors++;
          firstError ??= `HTTP ${status}`;
        }
        settle();
      });
    });
    req.on('error', (err) => {
      errors++;
      firstError ??= err.message;
      settle();
    });
    req.end(body);
  };

  const t0 = performance.now() + 20;
  let sent = 0;
  const tick = (): void => {
    const now = performance.now();
    while (sent < total && t0 + sent * interval <= now) {
      const due = t0 + sent * interval;
      maxLag = Math.max(maxLag, now - due);
      fire(sent, due);
      sent++;
    }
    if (sent >= total) return;
    const wait = t0 + sent * interval - performance.now();
    // Far from the next due time: sleep; close to it: spin through the event loop, which
    // still serves I/O between turns, to keep the schedule within a fraction of a ms.
    if (wait > 2) setTimeout(tick, wait - 1);
    else setImmediate(tick);
  };
  tick();
  const drain = new Promise<void>((resolve) => setTimeout(resolve, durationS * 1000 + (o.drainMs ?? 10_000)).unref());
  await Promise.race([allDone, drain]);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const missing = total - done;
  if (missing > 0) firstError ??= `${missing} requests unanswered at the end of the run`;
  const ttfbSummary = target.stream ? summarize(ttfb.view()) : undefined;
  return {
    requests: done,
    rps: Math.round(((done - errors) / Math.max(elapsed, durationS)) * 10) / 10,
    ...summarize(latency.view()),
    errors: errors + missing,
    non2xx,
    ...(ttfbSummary ? { ttfb_p50_ms: ttfbSummary.p50_ms, ttfb_p99_ms: ttfbSummary.p99_ms } : {}),
    target_rate: rate,
    max_lag_ms: Math.round(maxLag * 100) / 100,
    generator: `open loop (node:http), ${rate}/s`,
    ...(firstError ? { first_error: firstError } : {}),
  };
}
