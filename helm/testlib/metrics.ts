// The metric names Aegis really exports, read from the sources, and the names a PromQL
// expression uses. Used by the dashboard test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVOY_EXAMPLES_DIR, REPO_ROOT } from './paths.js';

export interface Metric {
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary';
  readonly labels: ReadonlySet<string>;
  readonly source: string;
}

function tsFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(tsFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** prom-client metrics under ext-authz/src: `new Counter({ name: 'aegis_…', …, labelNames: [...] })`. */
export function serviceMetrics(): Map<string, Metric> {
  const metrics = new Map<string, Metric>();
  const re = /new (Counter|Gauge|Histogram|Summary)\(\{\s*name:\s*['"](aegis_[a-z0-9_]+)['"]([^}]*)\}/g;
  for (const file of tsFiles(join(REPO_ROOT, 'ext-authz', 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(re)) {
      const labels = /labelNames:\s*\[([^\]]*)\]/.exec(m[3]!)?.[1] ?? '';
      metrics.set(m[2]!, {
        type: m[1]!.toLowerCase() as Metric['type'],
        labels: new Set([...labels.matchAll(/['"]([a-z_]+)['"]/g)].map((l) => l[1]!)),
        source: file,
      });
    }
  }
  return metrics;
}

/**
 * Stats the filter defines (proxy_define_metric) under wasm-filter/assembly. Envoy files
 * them as wasmcustom.<name>; /stats/prometheus prints them as <name>, without envoy_.
 * A name with dots (aegis_filter_rule_matches_total.<rule>.<action>) becomes labels through
 * the stats_tags of the Envoy examples.
 */
export function filterMetrics(): Map<string, Metric> {
  const tags = statsTags();
  const metrics = new Map<string, Metric>();
  for (const file of tsFiles(join(REPO_ROOT, 'wasm-filter', 'assembly'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/["'](aegis_filter_[a-z0-9_]+)(\.?)/g)) {
      const name = m[1]!;
      const labels = m[2] ? tags.filter((t) => t.regex.includes(`wasmcustom\\.${name}`)).map((t) => t.tag_name) : [];
      metrics.set(name, { type: 'counter', labels: new Set(labels), source: file });
    }
  }
  return metrics;
}

function statsTags(): Array<{ tag_name: string; regex: string }> {
  return readdirSync(ENVOY_EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parse(readFileSync(join(ENVOY_EXAMPLES_DIR, f), 'utf8'))?.stats_config?.stats_tags ?? []);
}

const KEYWORDS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset',
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'histogram_quantile', 'clamp_min', 'clamp_max', 'clamp',
  'abs', 'ceil', 'floor', 'round', 'label_replace', 'label_join', 'label_values', 'vector', 'scalar', 'time',
  'avg_over_time', 'sum_over_time', 'max_over_time', 'min_over_time', 'count_over_time', 'absent', 'sort', 'sort_desc', 'resets', 'changes',
]);

export interface ExprUse {
  /** Metric names the expression reads. */
  readonly metrics: string[];
  /** Label names per metric, from its {...} matchers. */
  readonly matchers: Array<{ metric: string; label: string }>;
  /** Label names of by (...) / without (...) / on (...) clauses. */
  readonly grouping: string[];
}

/** A small PromQL reader: enough to name every metric and label an expression uses. */
export function promqlUses(expr: string): ExprUse {
  const matchers: Array<{ metric: string; label: string }> = [];
  const grouping: string[] = [];
  let text = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""'); // string literals
  text = text.replace(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g, (_, metric: string, body: string) => {
    for (const l of body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)) matchers.push({ metric, label: l[1]! });
    return ` ${metric} `;
  });
  text = text.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_, _kw: string, body: string) => {
    grouping.push(...body.split(',').map((s) => s.trim()).filter(Boolean));
    return ' ';
  });
  text = text.replace(/\[[^\]]*\]/g, ' '); // range selectors
  text = text.replace(/\$\{?[a-zA-Z_]+\}?/g, ' '); // Grafana variables
  const metrics = [...text.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w(])/g)]
    .map((m) => m[1]!)
    .filter((w) => !KEYWORDS.has(w) && !/^(e|inf|nan)$/i.test(w));
  // A word followed by "(" is a function; label_values(metric, label) keeps its metric.
  const labelValues = [...expr.matchAll(/label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*([a-zA-Z_]+)\s*\)/g)];
  for (const lv of labelValues) {
    matchers.push({ metric: lv[1]!, label: lv[2]! });
  }
  const names = metrics.filter((m) => !labelValues.some((lv) => lv[2] === m));
  return { metrics: [...new Set(names)], matchers, grouping: [...new Set(grouping)] };
}

/** The exported metric a Prometheus series name comes from (histogram suffixes removed). */
export function baseMetric(name: string, exported: ReadonlyMap<string, Metric>): string | undefined {
  if (exported.has(name)) return name;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (m && exported.get(m[1]!)?.type === 'histogram') return m[1]!;
  return undefined;
}
