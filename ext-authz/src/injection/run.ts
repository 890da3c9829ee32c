// The injection detector as one of the service's detectors (detectors/types.ts): reads the
// request's scan text, reports findings (action flag: policy rules decide) and its score.
import type { DetectorRun } from '../detectors/types.js';
import type { Finding } from '../findings.js';
import type { InjectionDetector } from './detector.js';
import { injectionScanText } from './scan-text.js';

export const INJECTION_DETECTOR = 'injection';

export function runInjection(detector: InjectionDetector, body: Readonly<Record<string, unknown>>): DetectorRun {
  const started = process.hrtime.bigint();
  const text = injectionScanText(body);
  const verdict = text.length > 0 ? detector.inspect(text) : undefined;
  const findings: Finding[] = (verdict?.rules ?? []).map((rule) => ({ detector: INJECTION_DETECTOR, rule, action: 'flag', count: 1 }));
  return { detector: INJECTION_DETECTOR, findings, score: verdict?.score ?? 0, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
