// The service's prompt-injection and jailbreak detector: heuristics always, the ML
// classifier when one is loaded (ML_ENABLED). Each part puts its evidence on a 0-1 scale
// where 0.5 is its own detection line; the combined score is the larger of the two, and
// also reaches 0.5 when both parts are part of the way there (a weak signal the model
// leans towards: WEAK_HEURISTIC and WEAK_ML_SCORE below).
//
//   heuristic score  raw / (raw + 1)               raw >= 1  ⇔ score >= 0.5
//   ML score         sigmoid(logit p − logit t)    p >= t    ⇔ score >= 0.5 (t from the model file)
//
// Findings it reports (docs/errors.md): authz.injection.heuristic, authz.injection.ml,
// authz.injection.combined (only the two weak halves together).
import type { LinearModel } from '../ml/linear-model.js';
import { decodeSpans } from './decode.js';
import { HEURISTIC_THRESHOLD, scoreHeuristics } from './heuristics.js';
import { views } from './normalise.js';

export const INJECTION_RULES = Object.freeze({
  heuristic: 'authz.injection.heuristic',
  ml: 'authz.injection.ml',
  combined: 'authz.injection.combined',
});

/**
 * Both halves at least this far: a heuristic raw score of 0.5 (one weak signal) and an ML
 * score of 0.2 (p ≈ 0.4 for the shipped threshold). Chosen on the validation split.
 */
const WEAK_HEURISTIC = 0.5;
const WEAK_ML_SCORE = 0.2;
/** Decoded spans the model also reads (the heuristics read them all). */
const MAX_DECODED_FOR_ML = 4;

export interface HeuristicVerdict {
  readonly score: number;
  readonly raw: number;
  readonly detected: boolean;
  readonly signals: readonly string[];
  /** The evidence came from decoded (base64, hex, URL, escaped) text. */
  readonly decoded: boolean;
}

export interface MlVerdict {
  readonly score: number;
  readonly probability: number;
  readonly detected: boolean;
}

export interface InjectionVerdict {
  readonly detected: boolean;
  /** 0-1; detected ⇔ score >= 0.5. */
  readonly score: number;
  readonly heuristic: HeuristicVerdict;
  readonly ml: MlVerdict | undefined;
  /** Finding rule ids, empty when not detected. */
  readonly rules: readonly string[];
}

export interface InjectionDetector {
  /** The loaded model, undefined when ML is off. */
  readonly model: LinearModel | undefined;
  inspect(text: string): InjectionVerdict;
}

export interface DetectorOptions {
  readonly model?: LinearModel;
  /** Turn the heuristics off (ML alone: the eval's comparison). Default on. */
  readonly heuristics?: boolean;
}

export function createInjectionDetector(options: DetectorOptions = {}): InjectionDetector {
  const model = options.model;
  const useHeuristics = options.heuristics ?? true;
  return {
    model,
    inspect(text) {
      const v = views(text);
      const h = useHeuristics ? heuristicVerdict(text, v) : NO_HEURISTICS;
      const ml = model ? mlVerdict(model, text, v) : undefined;
      return combine(h, ml);
    },
  };
}

const NO_HEURISTICS: HeuristicVerdict = { score: 0, raw: 0, detected: false, signals: [], decoded: false };

function heuristicVerdict(text: string, v: ReturnType<typeof views>): HeuristicVerdict {
  const r = scoreHeuristics(text, v);
  return { score: r.raw / (r.raw + 1), raw: r.raw, detected: r.raw >= HEURISTIC_THRESHOLD, signals: r.hits, decoded: r.decoded };
}

function mlVerdict(model: LinearModel, text: string, v: ReturnType<typeof views>): MlVerdict {
  let probability = model.probability(v);
  for (const d of decodeSpans(text).slice(0, MAX_DECODED_FOR_ML)) probability = Math.max(probability, model.probability(views(d.text)));
  const score = rescale(probability, model.threshold);
  return { score, probability, detected: probability >= model.threshold };
}

function combine(h: HeuristicVerdict, ml: MlVerdict | undefined): InjectionVerdict {
  const rules: string[] = [];
  if (h.detected) rules.push(INJECTION_RULES.heuristic);
  if (ml?.detected) rules.push(INJECTION_RULES.ml);
  const weakTogether = rules.length === 0 && ml !== undefined && h.raw >= WEAK_HEURISTIC && ml.score >= WEAK_ML_SCORE;
  if (weakTogether) rules.push(INJECTION_RULES.combined);
  const score = Math.max(h.score, ml?.score ?? 0, weakTogether ? 0.5 : 0);
  return { detected: rules.length > 0, score: round(score), heuristic: h, ml, rules };
}

/** Maps p so that the threshold t lands on 0.5 (a shift on the logit scale). */
function rescale(p: number, t: number): number {
  const logit = (x: number): number => Math.log(x / (1 - x));
  const clamp = (x: number): number => Math.min(1 - 1e-9, Math.max(1e-9, x));
  return 1 / (1 + Math.exp(-(logit(clamp(p)) - logit(clamp(t)))));
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
