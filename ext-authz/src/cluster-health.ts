// The primary's view of health in cluster mode: it asks every worker over IPC and merges.
// not_serving when shutting down or when no worker answers; degraded when some worker is
// missing, not serving or degraded; ok when all are.
import cluster from 'node:cluster';
import type { HealthReport, HealthStatus, WorkerHealth } from './admin-http.js';
import { isMessage, type ToPrimary, type ToWorker } from './cluster-messages.js';

type Reply = Extract<ToPrimary, { type: 'aegis:health' }>;

export interface HealthAggregator {
  /** Each live worker's report (undefined for one that did not answer in time), by worker id. */
  ask(): Promise<Map<number, HealthReport | undefined>>;
}

export function createHealthAggregator(timeoutMs = 1000): HealthAggregator {
  let nextId = 0;
  const pending = new Map<number, (workerId: number, report: HealthReport) => void>();
  cluster.on('message', (worker, message: unknown) => {
    if (isMessage<Reply>(message, 'aegis:health')) pending.get(message.id)?.(worker.id, message.report);
  });
  return {
    ask() {
      const id = nextId++;
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
      const reports = new Map<number, HealthReport | undefined>(workers.map((w) => [w!.id, undefined]));
      return new Promise((resolve) => {
        let left = workers.length;
        const finish = (): void => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(reports);
        };
        const timer = setTimeout(finish, timeoutMs);
        pending.set(id, (workerId, report) => {
          reports.set(workerId, report);
          if (--left === 0) finish();
        });
        const request: ToWorker = { type: 'aegis:health', id };
        for (const w of workers) w!.send(request);
        if (left === 0) finish();
      });
    },
  };
}

export function mergeHealth(reports: ReadonlyMap<number, HealthReport | undefined>, expected: number, shuttingDown: boolean, base: Omit<HealthReport, 'status' | 'policy_version' | 'reload_errors'>): HealthReport {
  const answered = [...reports.values()].filter((r): r is HealthReport => r !== undefined);
  const workers: WorkerHealth[] = [...reports].map(([worker, r]) => ({ worker, status: r?.status ?? 'not_serving', policy_version: r?.policy_version ?? '' }));
  return {
    ...base,
    status: mergedStatus(answered, expected, shuttingDown),
    policy_version: answered[0]?.policy_version ?? '',
    reload_errors: [...new Set(answered.flatMap((r) => r.reload_errors))],
    workers,
  };
}

function mergedStatus(answered: readonly HealthReport[], expected: number, shuttingDown: boolean): HealthStatus {
  if (shuttingDown || answered.length === 0) return 'not_serving';
  if (answered.length < expected || answered.some((r) => r.status !== 'ok')) return 'degraded';
  return 'ok';
}
