// What one request's scan found: per-rule counts, and the matches to redact.
import { Rule, Action, actionName, detectorName } from "./rules";

export const MAX_FINDINGS: i32 = 32;

export class Findings {
  counts: i32[] = [];
  /** Matches kept for redaction: rule index, view, start and end offsets in that view. */
  mRule: i32[] = [];
  mView: i32[] = [];
  mStart: i32[] = [];
  mEnd: i32[] = [];
  matches: i32 = 0;
  any: bool = false;
  truncated: bool = false;

  reset(nrules: i32): void {
    if (this.counts.length < nrules) this.counts = new Array<i32>(nrules);
    for (let i = 0; i < this.counts.length; i++) unchecked(this.counts[i] = 0);
    this.matches = 0;
    this.any = false;
    this.truncated = false;
  }

  hit(rule: i32): void {
    unchecked(this.counts[rule] = unchecked(this.counts[rule]) + 1);
    this.any = true;
  }

  addMatch(rule: i32, view: i32, start: i32, end: i32): void {
    const i = this.matches;
    if (i < this.mRule.length) {
      unchecked(this.mRule[i] = rule); unchecked(this.mView[i] = view);
      unchecked(this.mStart[i] = start); unchecked(this.mEnd[i] = end);
    } else {
      this.mRule.push(rule); this.mView.push(view); this.mStart.push(start); this.mEnd.push(end);
    }
    this.matches++;
  }

  /** The first (highest priority: lowest index) enabled blocking rule that fired, or -1. */
  firstBlock(rules: Rule[]): i32 {
    for (let i = 0; i < rules.length; i++) {
      if (unchecked(this.counts[i]) > 0 && unchecked(rules[i]).action == Action.Block) return i;
    }
    return -1;
  }

  has(rules: Rule[], action: Action): bool {
    for (let i = 0; i < rules.length; i++) {
      if (unchecked(this.counts[i]) > 0 && unchecked(rules[i]).action == action) return true;
    }
    return false;
  }

  /** The x-aegis-findings value (docs/architecture.md): detector:rule_id:action:count,... */
  header(rules: Rule[]): string {
    let out = "";
    let n = 0;
    let overflow = 0;
    for (let i = 0; i < rules.length; i++) {
      const c = unchecked(this.counts[i]);
      if (c == 0) continue;
      if (n >= MAX_FINDINGS - 1) { overflow += c; n++; continue; }
      const r = unchecked(rules[i]);
      if (n > 0) out += ",";
      out += detectorName(r.detector) + ":" + r.id + ":" + actionName(r.action) + ":" + c.toString();
      n++;
    }
    if (n == MAX_FINDINGS) {
      // Exactly 32 entries fit without an overflow marker: print the last one as is.
      for (let i = rules.length - 1; i >= 0; i--) {
        const c = unchecked(this.counts[i]);
        if (c == 0) continue;
        const r = unchecked(rules[i]);
        out += "," + detectorName(r.detector) + ":" + r.id + ":" + actionName(r.action) + ":" + c.toString();
        break;
      }
    } else if (n > MAX_FINDINGS) {
      out += ",overflow:filter.findings_overflow:flag:" + overflow.toString();
    }
    return out;
  }
}
