// What a service-side detector reports, and the detectors a tenant runs. Detectors find;
// policy rules decide: a detector's findings join the filter's in `when.findings`.
import type { Finding } from '../findings.js';
import type { TopicScanner } from './topics.js';
import type { ToolChecker } from './tools.js';

/** One detector's run on one request: its findings, an optional score, and how long it took. */
export interface DetectorRun {
  /** Bounded set: the `detector` label of aegis_detector_duration_seconds. */
  readonly detector: string;
  readonly findings: readonly Finding[];
  /** 0..1 for detectors that score (a model); absent for the rule-based ones. */
  readonly score?: number;
  readonly seconds: number;
}

/** Compiled once per tenant at policy load; absent members do not run. */
export interface TenantDetectors {
  readonly topics?: TopicScanner;
  readonly tools?: ToolChecker;
}

export const NO_DETECTORS: TenantDetectors = Object.freeze({});
