// The evasion suite: every transformation applied to every known attack (the project's
// seeds and the GPTFuzz jailbreak templates), through each runner. Two rates per
// transformation: caught among all transformed attacks, and "still caught" among the
// attacks the runner caught untransformed (what the transformation itself takes away).
import { TRANSFORMS, seededRandom, type Transform } from './evasion.js';
import type { EvasionSeed } from './eval-data.js';
import { round } from './rows.js';
import type { Runner } from './service-runner.js';

export interface EvasionRow {
  readonly detector: string;
  readonly transform: string;
  readonly seeds: string;
  readonly n: number;
  readonly caught: number;
  readonly rate: number | null;
  /** Among the attacks caught untransformed. */
  readonly still_caught: number;
  readonly base_caught: number;
  readonly still_caught_rate: number | null;
}

export function runEvasion(seeds: readonly EvasionSeed[], seedSet: string, runners: readonly Runner[]): EvasionRow[] {
  const out: EvasionRow[] = [];
  for (const runner of runners) {
    const base = seeds.map((s) => runner.run(TRANSFORMS[0]!.apply(s, seededRandom(1))!).detected);
    for (const t of TRANSFORMS) out.push(row(runner, t, seeds, base, seedSet));
  }
  return out;
}

function row(runner: Runner, t: Transform, seeds: readonly EvasionSeed[], base: readonly boolean[], seedSet: string): EvasionRow {
  let n = 0;
  let caught = 0;
  let baseCaught = 0;
  let stillCaught = 0;
  seeds.forEach((seed, i) => {
    const body = t.apply(seed, seededRandom(1000 + i));
    if (body === undefined) return;
    const detected = runner.run(body).detected;
    n++;
    if (detected) caught++;
    if (base[i]) {
      baseCaught++;
      if (detected) stillCaught++;
    }
  });
  return {
    detector: runner.name,
    transform: t.name,
    seeds: seedSet,
    n,
    caught,
    rate: n ? round(caught / n) : null,
    still_caught: stillCaught,
    base_caught: baseCaught,
    still_caught_rate: baseCaught ? round(stillCaught / baseCaught) : null,
  };
}
