// The detector the service runs, from its configuration: heuristics always; with
// ML_ENABLED, the model in ML_MODEL_DIR (injection-v1.json). A model that cannot be loaded
// is a configuration error: the service refuses to start (authz.config_invalid), it does
// not quietly run without the model it was told to use.
import type { AuthzConfig } from '../config.js';
import { AUTHZ_FAILURES, ConfigError } from '../errors.js';
import { loadModel, ModelError } from '../ml/linear-model.js';
import { createInjectionDetector, type InjectionDetector } from './detector.js';

export function injectionDetectorFromConfig(config: Pick<AuthzConfig, 'mlEnabled' | 'mlModelDir'>): InjectionDetector {
  if (!config.mlEnabled || config.mlModelDir === undefined) return createInjectionDetector();
  try {
    return createInjectionDetector({ model: loadModel(config.mlModelDir) });
  } catch (err) {
    if (err instanceof ModelError) throw new ConfigError(AUTHZ_FAILURES.configInvalid.code, 'ML_MODEL_DIR', err.message);
    throw err;
  }
}

/** The heuristics-only detector the decision core uses when it is given none. */
export const HEURISTIC_DETECTOR: InjectionDetector = createInjectionDetector();
