// The policy file format (what people write) and its compiled form (what the engine runs).
import type { FindingAction } from './findings.js';
import type { Matcher } from './glob.js';
import type { Provider } from './provider.js';
import type { TenantDetectors } from './detectors/types.js';
import type { IdentityKind } from './identity.js';

export type RuleAction = 'allow' | 'deny' | 'flag';
export type RuleMode = 'enforce' | 'monitor';

/** A policy document as written in YAML (docs: ext-authz/README.md). */
export interface PolicyDocument {
  version: 1;
  defaults?: TenantSettings;
  tenants?: Record<string, TenantSettings>;
  /** Named banned-topic definitions that tenants (or defaults) refer to in `banned_topics`. */
  topics?: Record<string, TopicDocument>;
  rules?: RuleDocument[];
}

export interface TopicDocument {
  description?: string;
  /** Literal phrases, case-insensitive, whitespace-tolerant, whole words at word edges. */
  keywords?: string[];
  /** RE2 patterns (linear time; no backreferences or lookaround). */
  patterns?: string[];
}

export interface ToolSettings {
  /** Tool and function names a request may offer or call (`*` wildcards); absent = any. */
  allowed?: string[];
  /** Patterns on the arguments of function calls in the conversation. */
  arguments?: ArgumentRuleDocument[];
}

export interface ArgumentRuleDocument {
  /** Finding id `authz.tool_args.<name>`. */
  name: string;
  /** Tool names the rule applies to (`*` wildcards); absent = every tool. */
  tools?: string[];
  /** Only this top-level argument; absent = every argument value. */
  argument?: string;
  /** RE2 pattern matched against each string value of the arguments. */
  pattern: string;
}

export interface TenantSettings {
  /** Allowed models (`*` wildcards); absent means any model. */
  models?: string[];
  /** Names from the top-level `topics`; a match is a `topic` finding `authz.topic.<name>`. */
  banned_topics?: string[];
  /** Phrases; a match is the `keyword` finding `authz.keyword.banned`. */
  banned_keywords?: string[];
  /** Tool and function-call checks; a violation is a `tool` finding. */
  tools?: ToolSettings;
}

export interface RuleDocument {
  name: string;
  description?: string;
  action: RuleAction;
  mode?: RuleMode;
  /** HTTP status of a deny, 400-499; 403 when absent. */
  status?: number;
  message?: string;
  when?: RuleConditions;
}

/** All present conditions must hold; a list matches when any of its entries does. */
export interface RuleConditions {
  tenants?: string[];
  providers?: Provider[];
  methods?: string[];
  routes?: string[];
  models?: string[];
  findings?: FindingConditions;
  max_tokens_over?: number;
  messages_over?: number;
  prompt_tokens_over?: number;
  /** The service's prompt-injection score (0-1, 0.5 = its detection line) is above this. */
  injection_score_over?: number;
  tools?: boolean;
  /** Identity claims (JWT payload, or a key's `claims`): every named claim must match one glob. */
  claims?: Record<string, string[]>;
  /** How the caller authenticated. */
  identities?: IdentityKind[];
}

export interface FindingConditions {
  detectors?: string[];
  actions?: FindingAction[];
  rules?: string[];
  min_count?: number;
}

export interface CompiledRule {
  /** `policy.<name>`, the rule id in responses, logs and metrics. */
  readonly id: string;
  readonly action: RuleAction;
  readonly mode: RuleMode;
  readonly status: number;
  readonly message: string;
  readonly when: CompiledConditions;
}

export interface CompiledConditions {
  readonly tenants?: Matcher;
  readonly providers?: ReadonlySet<string>;
  readonly methods?: ReadonlySet<string>;
  readonly routes?: Matcher;
  readonly models?: Matcher;
  readonly findings?: CompiledFindingConditions;
  readonly maxTokensOver?: number;
  readonly messagesOver?: number;
  readonly promptTokensOver?: number;
  readonly injectionScoreOver?: number;
  readonly tools?: boolean;
  readonly claims?: readonly ClaimCondition[];
  readonly identities?: ReadonlySet<string>;
}

export interface ClaimCondition {
  readonly name: string;
  readonly match: Matcher;
}

export interface CompiledFindingConditions {
  readonly detectors?: ReadonlySet<string>;
  readonly actions?: ReadonlySet<string>;
  readonly rules?: Matcher;
  readonly minCount: number;
}

export interface CompiledTenant {
  /** undefined: any model is allowed. */
  readonly models?: Matcher;
  /** The service-side detectors this tenant runs (topics, keywords, tools); compiled once. */
  readonly detectors: TenantDetectors;
}

export interface Policy {
  /** `<source>@<first 12 hex of sha256 of the sources>`, reported by health and logs. */
  readonly version: string;
  readonly defaults: CompiledTenant;
  readonly tenants: ReadonlyMap<string, CompiledTenant>;
  readonly rules: readonly CompiledRule[];
  /** Rule id → its message (deny) or description: the reason logged when the rule fires. */
  readonly ruleReasons: ReadonlyMap<string, string>;
  /** Some rule needs the prompt token estimate (computed only then). */
  readonly needsPromptTokens: boolean;
}
