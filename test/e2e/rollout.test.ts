// Zero-downtime rollout, reproduced locally: two authz replicas behind Envoy, each
// restarted in turn (SIGTERM: NOT_SERVING first, in-flight checks finish, then exit)
// while requests keep coming. Not one request may fail or be decided wrongly.
import t from 'tap';
import { chat, withStack } from './support.js';

interface Outcome {
  kind: 'allowed' | 'denied';
  status: number;
  code?: string;
  error?: string;
}

const LOAD_WORKERS = 4;

t.test('restarting each authz replica under load loses and misdecides no request', async (t) => {
  // Quotas are not under test here: budgets far above what the load can spend.
  // AEGIS_DRAIN_DELAY_MS plays the chart's preStop sleep: NOT_SERVING first, closed later.
  // Six health-check intervals (0.5 s each): a starved CI machine can run Envoy's checks late.
  const stack = await withStack(t, { authzReplicas: 2, authzEnv: { RATE_LIMIT_MAX: '1000000', RATE_LIMIT_TOKENS: '1000000000', AEGIS_DRAIN_DELAY_MS: '3000' },
    // What is under test is the hand-over between replicas, not the 0.5 s deadline on a
    // starved 2-core CI machine running other e2e files at the same time.
    authzTimeout: '2s',
  });
  const outcomes: Outcome[] = [];
  let running = true;
  const worker = async (id: number): Promise<void> => {
    for (let n = 0; running && n < 5000; n++) {
      const kind = (n + id) % 3 === 0 ? 'denied' : 'allowed';
      const model = kind === 'denied' ? 'not-an-allowed-model' : 'gpt-4o-mini';
      try {
        const res = await chat(stack, { model, content: `request ${id}-${n}` });
        const body = (await res.json()) as { error?: { code?: string } };
        outcomes.push({ kind, status: res.status, ...(body.error?.code ? { code: body.error.code } : {}) });
      } catch (err) {
        outcomes.push({ kind, status: 0, error: (err as Error).message });
      }
    }
  };
  const load = Promise.all(Array.from({ length: LOAD_WORKERS }, (_, i) => worker(i)));
  const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  await pause(1000);
  await stack.restartAuthzReplica(0);
  await pause(1500);
  await stack.restartAuthzReplica(1);
  await pause(1500);
  running = false;
  await load;

  const stats = await (await fetch(`${stack.envoyAdminUrl}/stats?filter=cluster.aegis_authz.(upstream_rq_timeout|upstream_cx_connect_fail|upstream_rq_retry|upstream_rq_retry_success|health_check.failure|upstream_rq_pending_failure_eject|upstream_cx_destroy_remote_with_active_rq|upstream_rq_rx_reset)`)).text();
  t.comment(stats);
  const wrong = outcomes.filter((o) =>
    o.kind === 'allowed' ? o.status !== 200 : !(o.status === 403 && o.code === 'authz.model_not_allowed'),
  );
  t.ok(outcomes.length > 50, `load ran throughout (${outcomes.length} requests)`);
  t.ok(outcomes.some((o) => o.kind === 'denied'), 'denials were part of the load');
  const byKind = new Map<string, number>();
  for (const o of wrong) byKind.set(`${o.status} ${o.code ?? o.error ?? ''}`, (byKind.get(`${o.status} ${o.code ?? o.error ?? ''}`) ?? 0) + 1);
  t.same(Object.fromEntries(byKind), {}, `no request failed or was misdecided (${wrong.length} of ${outcomes.length})`);
});
