// Policy documents (already schema-valid) → one compiled Policy. Rejects contradictions
// and merge conflicts with an error naming file, line and field.
import { createHash } from 'node:crypto';
import { AUTHZ_FAILURES, ConfigError } from './errors.js';
import { compileGlobs } from './glob.js';
import type { TenantDetectors } from './detectors/types.js';
import { checkTenantDetectors, collectTopics, detectorCompiler } from './policy-detectors.js';
import type {
  CompiledConditions,
  CompiledFindingConditions,
  CompiledRule,
  CompiledTenant,
  FindingConditions,
  Policy,
  PolicyDocument,
  RuleConditions,
  RuleDocument,
  TenantSettings,
} from './policy-types.js';
import type { YamlFile } from './yaml-source.js';

const CODE = AUTHZ_FAILURES.policyInvalid.code;

export interface PolicySource {
  readonly file: YamlFile<PolicyDocument>;
  readonly text: string;
}

export function compilePolicy(sources: readonly PolicySource[], label: string): Policy {
  const defaults = mergeDefaults(sources);
  const tenants = mergeTenants(sources);
  const rules = collectRules(sources);
  const files = sources.map((s) => s.file);
  const topics = collectTopics(files);
  checkTenantDetectors(files, topics);
  const detectorsOf = detectorCompiler(topics);
  return {
    version: `${label}@${digest(sources)}`,
    defaults: compileTenant(defaults, detectorsOf),
    tenants: new Map([...tenants].map(([name, settings]) => [name, compileTenant({ ...defaults, ...settings }, detectorsOf)])),
    rules,
    ruleReasons: new Map(rules.map((r) => [r.id, r.message])),
    needsPromptTokens: rules.some((r) => r.when.promptTokensOver !== undefined),
  };
}

function mergeDefaults(sources: readonly PolicySource[]): TenantSettings {
  let merged: TenantSettings = {};
  let from: string | undefined;
  for (const { file } of sources) {
    const defaults = file.value.defaults;
    if (!defaults) continue;
    if (from !== undefined) throw new ConfigError(CODE, file.at(['defaults']), `defaults: already set in ${from}`);
    merged = defaults;
    from = file.at(['defaults']);
  }
  return merged;
}

function mergeTenants(sources: readonly PolicySource[]): Map<string, TenantSettings> {
  const tenants = new Map<string, TenantSettings>();
  const seenAt = new Map<string, string>();
  for (const { file } of sources) {
    for (const [name, settings] of Object.entries(file.value.tenants ?? {})) {
      const at = file.at(['tenants', name]);
      const earlier = seenAt.get(name);
      if (earlier) throw new ConfigError(CODE, at, `tenants.${name}: already defined at ${earlier}`);
      seenAt.set(name, at);
      tenants.set(name, settings);
    }
  }
  return tenants;
}

function collectRules(sources: readonly PolicySource[]): CompiledRule[] {
  const rules: CompiledRule[] = [];
  const seenAt = new Map<string, string>();
  for (const { file } of sources) {
    (file.value.rules ?? []).forEach((rule, i) => {
      const at = file.at(['rules', i, 'name']);
      const earlier = seenAt.get(rule.name);
      if (earlier) throw new ConfigError(CODE, at, `rules[${i}].name: "${rule.name}" already defined at ${earlier}`);
      if (rule.status !== undefined && rule.action !== 'deny') {
        throw new ConfigError(CODE, file.at(['rules', i, 'status']), `rules[${i}].status: only a deny rule has a status`);
      }
      seenAt.set(rule.name, at);
      rules.push(compileRule(rule));
    });
  }
  return rules;
}

function compileRule(rule: RuleDocument): CompiledRule {
  return Object.freeze({
    id: `policy.${rule.name}`,
    action: rule.action,
    mode: rule.mode ?? 'enforce',
    status: rule.status ?? 403,
    message: rule.message ?? rule.description ?? `rule ${rule.name}`,
    when: compileConditions(rule.when ?? {}),
  });
}

function compileConditions(when: RuleConditions): CompiledConditions {
  return Object.freeze({
    tenants: when.tenants && compileGlobs(when.tenants),
    providers: when.providers && new Set(when.providers),
    methods: when.methods && new Set(when.methods),
    routes: when.routes && compileGlobs(when.routes),
    models: when.models && compileGlobs(when.models),
    findings: when.findings && compileFindingConditions(when.findings),
    maxTokensOver: when.max_tokens_over,
    messagesOver: when.messages_over,
    promptTokensOver: when.prompt_tokens_over,
    injectionScoreOver: when.injection_score_over,
    tools: when.tools,
    claims: when.claims && Object.entries(when.claims).map(([name, globs]) => Object.freeze({ name, match: compileGlobs(globs) })),
    identities: when.identities && new Set<string>(when.identities),
  });
}

function compileFindingConditions(findings: FindingConditions): CompiledFindingConditions {
  return Object.freeze({
    detectors: findings.detectors && new Set(findings.detectors),
    actions: findings.actions && new Set<string>(findings.actions),
    rules: findings.rules && compileGlobs(findings.rules),
    minCount: findings.min_count ?? 1,
  });
}

function compileTenant(settings: TenantSettings, detectorsOf: (settings: TenantSettings) => TenantDetectors): CompiledTenant {
  return Object.freeze({ models: settings.models && compileGlobs(settings.models), detectors: detectorsOf(settings) });
}

function digest(sources: readonly PolicySource[]): string {
  const hash = createHash('sha256');
  for (const { text } of sources) hash.update(text).update('\0');
  return hash.digest('hex').slice(0, 12);
}
