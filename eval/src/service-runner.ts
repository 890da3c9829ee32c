// The service's decision core, as the eval drives it: decide() with the embedded default
// policy, a demo key and a given injection detector, on a chat body. "Detected" means the
// request was denied by the default policy's prompt-injection rule.
import type { CheckInput } from '../../ext-authz/src/check-input.js';
import { decide, type DecisionContext } from '../../ext-authz/src/decide.js';
import type { InjectionDetector } from '../../ext-authz/src/injection/detector.js';
import { createKeyStore } from '../../ext-authz/src/key-store.js';
import { demoKeyEntry } from '../../ext-authz/src/keys-file.js';
import { loadPolicy } from '../../ext-authz/src/policy-loader.js';

const KEY = 'aegis-eval-key';
export const INJECTION_DENIAL = 'policy.deny_prompt_injection';

export interface Verdict {
  readonly detected: boolean;
  readonly ms: number;
}

export interface Runner {
  readonly name: string;
  run(body: string): Verdict;
}

export function serviceRunner(name: string, detector: InjectionDetector): Runner {
  const ctx: DecisionContext = { keys: createKeyStore([demoKeyEntry(KEY)]), policy: loadPolicy(undefined), requireFilter: true, dryRun: false, injection: detector };
  return {
    name,
    run(body) {
      const input = checkInput(body);
      const started = performance.now();
      const decision = decide(input, ctx);
      const ms = performance.now() - started;
      return { detected: decision.denial?.code === INJECTION_DENIAL, ms };
    },
  };
}

function checkInput(body: string): CheckInput {
  return {
    requestId: 'eval',
    method: 'POST',
    path: '/v1/chat/completions',
    host: 'gateway.local',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: Buffer.from(body),
    bodyPartial: false,
    provider: 'openai',
    filterMode: 'enforce',
    findings: [],
  };
}
