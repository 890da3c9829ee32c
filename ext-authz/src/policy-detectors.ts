// The detector parts of a policy: top-level `topics`, and per tenant (or defaults)
// `banned_topics`, `banned_keywords` and `tools`. Checked with file:line:col at load (every
// pattern must compile on RE2, every topic named must exist), compiled once per tenant.
import type { ArgumentCheck } from './detectors/tools.js';
import { compileToolChecker } from './detectors/tools.js';
import { compileTopicScanner, type TopicDefinition } from './detectors/topics.js';
import { NO_DETECTORS, type TenantDetectors } from './detectors/types.js';
import { AUTHZ_FAILURES, ConfigError } from './errors.js';
import { compileGlobs } from './glob.js';
import type { PolicyDocument, TenantSettings, TopicDocument } from './policy-types.js';
import { compileSafePattern, type SafeRegExp } from './safe-regex.js';
import { fieldName as field, type YamlFile } from './yaml-source.js';

const CODE = AUTHZ_FAILURES.policyInvalid.code;

type Path = (string | number)[];

/** Topics of every file, merged; a name defined twice is an error naming both places. */
export function collectTopics(files: readonly YamlFile<PolicyDocument>[]): Map<string, TopicDocument> {
  const topics = new Map<string, TopicDocument>();
  const seenAt = new Map<string, string>();
  for (const file of files) {
    for (const [name, topic] of Object.entries(file.value.topics ?? {})) {
      const at = file.at(['topics', name]);
      const earlier = seenAt.get(name);
      if (earlier) throw new ConfigError(CODE, at, `topics.${name}: already defined at ${earlier}`);
      seenAt.set(name, at);
      (topic.patterns ?? []).forEach((p, i) => pattern(file, ['topics', name, 'patterns', i], p));
      topics.set(name, topic);
    }
  }
  return topics;
}

/** Every `banned_topics` entry names a topic; every argument pattern compiles on RE2. */
export function checkTenantDetectors(files: readonly YamlFile<PolicyDocument>[], topics: ReadonlyMap<string, TopicDocument>): void {
  for (const file of files) {
    const { defaults, tenants } = file.value;
    if (defaults) checkSettings(file, ['defaults'], defaults, topics);
    for (const [name, settings] of Object.entries(tenants ?? {})) checkSettings(file, ['tenants', name], settings, topics);
  }
}

function checkSettings(file: YamlFile<PolicyDocument>, at: Path, settings: TenantSettings, topics: ReadonlyMap<string, TopicDocument>): void {
  (settings.banned_topics ?? []).forEach((name, i) => {
    if (!topics.has(name)) throw new ConfigError(CODE, file.at([...at, 'banned_topics', i]), `${field([...at, 'banned_topics', i])}: no topic "${name}" under topics`);
  });
  (settings.tools?.arguments ?? []).forEach((rule, i) => pattern(file, [...at, 'tools', 'arguments', i, 'pattern'], rule.pattern));
}

function pattern(file: YamlFile<PolicyDocument>, at: Path, source: string): SafeRegExp {
  const checked = compileSafePattern(source);
  if (!checked.ok) throw new ConfigError(CODE, file.at(at), `${field(at)}: ${checked.reason}`);
  return checked.re;
}

/** Compiles a tenant's detectors; identical settings share one compiled result. */
export function detectorCompiler(topics: ReadonlyMap<string, TopicDocument>): (settings: TenantSettings) => TenantDetectors {
  const memo = new Map<string, TenantDetectors>();
  return (settings) => {
    const key = JSON.stringify([settings.banned_topics, settings.banned_keywords, settings.tools]);
    let compiled = memo.get(key);
    if (!compiled) memo.set(key, (compiled = compileDetectors(settings, topics)));
    return compiled;
  };
}

function compileDetectors(settings: TenantSettings, topics: ReadonlyMap<string, TopicDocument>): TenantDetectors {
  const definitions: TopicDefinition[] = (settings.banned_topics ?? []).map((name) => ({
    name,
    keywords: topics.get(name)?.keywords ?? [],
    patterns: topics.get(name)?.patterns ?? [],
  }));
  const scanner = compileTopicScanner(definitions, settings.banned_keywords ?? []);
  const tools = settings.tools;
  const checks: ArgumentCheck[] = (tools?.arguments ?? []).map((rule) => ({
    rule: `authz.tool_args.${rule.name}`,
    tools: rule.tools && compileGlobs(rule.tools),
    argument: rule.argument,
    pattern: mustCompile(rule.pattern),
  }));
  const checker = compileToolChecker(tools?.allowed && compileGlobs(tools.allowed), checks);
  if (!scanner && !checker) return NO_DETECTORS;
  return Object.freeze({ ...(scanner && { topics: scanner }), ...(checker && { tools: checker }) });
}

/** Patterns were checked with their place by checkTenantDetectors; this cannot fail then. */
function mustCompile(source: string): SafeRegExp {
  const checked = compileSafePattern(source);
  if (!checked.ok) throw new ConfigError(CODE, 'policy', checked.reason);
  return checked.re;
}
