// Filter metrics, defined through Envoy stats (proxy_define_metric). Envoy files them under
// its custom namespace `wasmcustom.`; README.md lists each name and what it becomes in
// Prometheus. Names only from bounded sets: rule ids, actions, outcomes.
import { MetricType, defineMetric, incrementMetric } from "./runtime/hostcalls";
import { Rule, actionName } from "./rules";

export class Metrics {
  requests: u32 = 0;
  blocked: u32 = 0;
  redacted: u32 = 0;
  flagged: u32 = 0;
  monitored: u32 = 0;
  /** Per rule: matches counted by rule id and the rule's action. */
  rule: u32[] = [];
  /** Response side: answers rewritten, and redactions per response rule (0: not a response rule). */
  responsesRedacted: u32 = 0;
  responseRule: u32[] = [];
  responseRestored: u32 = 0;
  responsesStopped: u32 = 0;

  define(rules: Rule[]): void {
    this.requests = defineMetric(MetricType.Counter, "aegis_filter_requests_total");
    this.blocked = defineMetric(MetricType.Counter, "aegis_filter_blocked_total");
    this.redacted = defineMetric(MetricType.Counter, "aegis_filter_redacted_total");
    this.flagged = defineMetric(MetricType.Counter, "aegis_filter_flagged_total");
    this.monitored = defineMetric(MetricType.Counter, "aegis_filter_monitor_would_block_total");
    this.rule = [];
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      this.rule.push(defineMetric(MetricType.Counter, "aegis_filter_rule_matches_total." + r.id + "." + actionName(r.action)));
    }
  }

  defineResponse(rules: Rule[]): void {
    this.responsesRedacted = defineMetric(MetricType.Counter, "aegis_filter_responses_redacted_total");
    this.responseRestored = defineMetric(MetricType.Counter, "aegis_filter_response_restored_total");
    this.responsesStopped = defineMetric(MetricType.Counter, "aegis_filter_response_streams_ended_total");
    this.responseRule = [];
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      this.responseRule.push(r.enabled ? defineMetric(MetricType.Counter, "aegis_filter_response_redactions_total." + r.id) : 0);
    }
  }

  restored(count: i32): void { incrementMetric(this.responseRestored, count); }

  responseRedactions(index: i32, count: i32): void {
    if (index >= 0 && index < this.responseRule.length && unchecked(this.responseRule[index]) != 0) {
      incrementMetric(unchecked(this.responseRule[index]), count);
    }
  }

  inc(id: u32): void { incrementMetric(id, 1); }

  ruleMatches(index: i32, count: i32): void {
    if (index >= 0 && index < this.rule.length) incrementMetric(unchecked(this.rule[index]), count);
  }
}
