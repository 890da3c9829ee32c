// Command-line options of the bench, parsed once into a typed plan with named defaults:
// the full sweep sized for 2 cores, and --quick for a check under a minute.
import { isMixName, mixNames, type MixName } from './mixes.js';

export interface BenchArgs {
  quick: boolean;
  scenarios: string[];
  mixes: MixName[];
  connections: number[];
  closedS: number;
  openS: number;
  warmupS: number;
  loadFraction: number;
  rate?: number;
  pin: boolean;
  resultsDir: string;
  /** Write docs/benchmarks.md: by default after a full run into the default results dir. */
  doc: boolean | undefined;
  docOnly: boolean;
  /** Replace only the rerun scenario/mix rows of DIR/latest.json, keep the others. */
  merge: boolean;
  help: boolean;
}

export const FULL = { mixes: [...mixNames], connections: [4, 16, 64], closedS: 8, openS: 10, warmupS: 1 };
export const QUICK = { mixes: ['4k'] as MixName[], connections: [16], closedS: 2, openS: 2, warmupS: 0.5 };

export const usage = `Usage: npx tsx bench/src/main.ts [options]

  --quick               a check under a minute: the 4k mix, one concurrency, short runs
  --scenario WORD       only scenarios whose name contains WORD (repeat, or comma-separate);
                        their baselines always run too
  --mix NAME            only these mixes: ${mixNames.join(', ')} (repeat, or comma-separate)
  --connections N,N     closed-loop concurrency sweep (full: ${FULL.connections.join(',')})
  --duration S          seconds of each measured run, closed and open loop
  --rate N              open-loop rate (requests/s) instead of half of the full chain's saturation
  --load-fraction F     open-loop rate as a fraction of saturation (default 0.5)
  --no-pin              do not pin the load generator and the system under test apart
  --results-dir DIR     where latest.json, latest.md and latest.svg go (default bench/results)
  --doc / --no-doc      write docs/benchmarks.md (default: after a full run into bench/results)
  --doc-only            rewrite the reports (latest.md, latest.svg, docs/benchmarks.md) from
                        DIR/latest.json, measuring nothing
  --merge               keep DIR/latest.json and replace only the mixes this run measured, every
                        scenario of them (e.g. rerun one noisy mix: --mix 4k --merge)
  -h, --help            this text
`;

function list(value: string | undefined, flag: string): string[] {
  if (!value) throw new Error(`${flag} needs a value`);
  return value.split(',').map((x) => x.trim()).filter(Boolean);
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, got ${value}`);
  return n;
}

export function parseArgs(argv: string[], defaultResultsDir: string): BenchArgs {
  const quick = argv.includes('--quick');
  const base = quick ? QUICK : FULL;
  const a: BenchArgs = { quick, scenarios: [], mixes: [...base.mixes], connections: [...base.connections], closedS: base.closedS, openS: base.openS, warmupS: base.warmupS, loadFraction: 0.5, pin: true, resultsDir: defaultResultsDir, doc: undefined, docOnly: false, merge: false, help: false };
  let mixesGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const next = (): string | undefined => argv[++i];
    switch (flag) {
      case '--quick': break;
      case '--scenario': a.scenarios.push(...list(next(), flag)); break;
      case '--mix': {
        const names = list(next(), flag);
        for (const n of names) if (!isMixName(n)) throw new Error(`unknown mix "${n}": one of ${mixNames.join(', ')}`);
        a.mixes = mixesGiven ? [...a.mixes, ...(names as MixName[])] : (names as MixName[]);
        mixesGiven = true;
        break;
      }
      case '--connections': a.connections = list(next(), flag).map((x) => Math.round(positive(x, flag))); break;
      case '--duration': a.closedS = a.openS = positive(next(), flag); break;
      case '--rate': a.rate = positive(next(), flag); break;
      case '--load-fraction': a.loadFraction = positive(next(), flag); break;
      case '--no-pin': a.pin = false; break;
      case '--results-dir': a.resultsDir = list(next(), flag).join(','); break;
      case '--doc': a.doc = true; break;
      case '--no-doc': a.doc = false; break;
      case '--doc-only': a.docOnly = true; break;
      case '--merge': a.merge = true; break;
      case '-h': case '--help': a.help = true; break;
      default: throw new Error(`unknown option ${flag}\n\n${usage}`);
    }
  }
  // A mix is rerun whole, so that every comparison in the merged results stays within one run.
  if (a.merge && a.scenarios.length > 0) throw new Error('--merge reruns whole mixes: use it with --mix, not with --scenario');
  return a;
}
