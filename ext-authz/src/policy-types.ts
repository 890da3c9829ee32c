// The policy file format (what people write) and its compiled form (what the engine runs).
import type { FindingAction } from './findings.js';
import type { Matcher } from './glob.js';
import type { Provider } from './provider.js';

export type RuleAction = 'allow' | 'deny' | 'flag';
export type RuleMode = 'enforce' | 'monitor';

/** A policy document as written in YAML (docs: ext-authz/README.md). */
export interface PolicyDocument {
  version: 1;
  defaults?: TenantSettings;
  tenants?: Record<string, TenantSettings>;
  rules?: RuleDocument[];
}

export interface TenantSettings {
  /** Allowed models (`*` wildcards); absent means any model. */
  models?: string[];
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
  tools?: boolean;
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
  readonly tools?: boolean;
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
}

export interface Policy {
  /** `<source>@<first 12 hex of sha256 of the sources>`, reported by health and logs. */
  readonly version: string;
  readonly defaults: CompiledTenant;
  readonly tenants: ReadonlyMap<string, CompiledTenant>;
  readonly rules: readonly CompiledRule[];
  /** Some rule needs the prompt token estimate (computed only then). */
  readonly needsPromptTokens: boolean;
}
