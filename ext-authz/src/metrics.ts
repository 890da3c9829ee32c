// Prometheus metrics of DESIGN.md, on a registry per server. Labels come only from bounded
// sets: configured tenants, rule ids, detectors, decisions.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { decisionHeader, type Decision } from './decision.js';

export type ReloadResult = 'success' | 'failure';

export interface AuthzMetrics {
  readonly registry: Registry;
  observeDecision(decision: Decision, seconds: number, knownTenants: ReadonlySet<string>): void;
  observeError(seconds: number): void;
  observeReload(source: 'policy' | 'keys' | 'jwks', result: ReloadResult): void;
}

const THREAT_DETECTORS = new Set(['injection', 'secret', 'topic', 'keyword', 'tool']);
const LABEL_VALUE = /^[a-z0-9_.-]{1,96}$/;

export function createMetrics(): AuthzMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = {
    requests: new Counter({ name: 'aegis_requests_total', help: 'Check requests decided, by tenant and decision (allow, deny, flag, dry-run-deny, error).', labelNames: ['tenant', 'decision'], registers: [registry] }),
    blocked: new Counter({ name: 'aegis_blocked_total', help: 'Requests denied (or that dry run would have denied), by tenant and deciding rule id.', labelNames: ['tenant', 'rule'], registers: [registry] }),
    threats: new Counter({ name: 'aegis_threats_detected_total', help: 'Injection and secret findings of the filter, and banned topic, keyword and tool findings of the service, by tenant, detector and rule.', labelNames: ['tenant', 'detector', 'rule'], registers: [registry] }),
    duration: new Histogram({ name: 'aegis_request_duration_seconds', help: 'Time to decide one Check request.', labelNames: ['decision'], buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry] }),
    pii: new Counter({ name: 'aegis_pii_detections_total', help: 'PII matches the filter reported (and redacted), by tenant and rule.', labelNames: ['tenant', 'rule'], registers: [registry] }),
    detectors: new Histogram({ name: 'aegis_detector_duration_seconds', help: 'Time one service-side detector took on one request.', labelNames: ['detector'], buckets: [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01], registers: [registry] }),
    reloads: new Counter({ name: 'aegis_policy_reload_total', help: 'Policy and keys file (re)loads, by source and result.', labelNames: ['source', 'result'], registers: [registry] }),
  };
  return {
    registry,
    observeDecision(decision, seconds, knownTenants) {
      const tenant = decision.tenant && knownTenants.has(decision.tenant) ? decision.tenant : 'unknown';
      const label = decisionHeader(decision);
      m.requests.inc({ tenant, decision: label });
      m.duration.observe({ decision: label }, seconds);
      if (decision.denial) m.blocked.inc({ tenant, rule: bounded(decision.denial.code) });
      for (const run of decision.detectors) m.detectors.observe({ detector: bounded(run.detector) }, run.seconds);
      for (const f of decision.findings) {
        if (THREAT_DETECTORS.has(f.detector)) m.threats.inc({ tenant, detector: f.detector, rule: bounded(f.rule) }, f.count);
        else if (f.detector === 'pii') m.pii.inc({ tenant, rule: bounded(f.rule) }, f.count);
      }
    },
    observeError(seconds) {
      m.requests.inc({ tenant: 'unknown', decision: 'error' });
      m.duration.observe({ decision: 'error' }, seconds);
    },
    observeReload(source, result) {
      m.reloads.inc({ source, result });
    },
  };
}

function bounded(value: string): string {
  return LABEL_VALUE.test(value) ? value : 'other';
}
