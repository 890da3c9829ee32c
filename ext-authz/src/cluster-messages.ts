// IPC between the cluster primary and its workers (AEGIS_WORKERS > 1).
import type { HealthReport } from './admin-http.js';

export type ToWorker =
  | { readonly type: 'aegis:reload' }
  | { readonly type: 'aegis:shutdown' }
  | { readonly type: 'aegis:health'; readonly id: number };

export type ToPrimary =
  | { readonly type: 'aegis:listening'; readonly grpcPort: number; readonly policyVersion: string }
  | { readonly type: 'aegis:health'; readonly id: number; readonly report: HealthReport };

export function isMessage<T extends { type: string }>(value: unknown, type: T['type']): value is T {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type;
}
