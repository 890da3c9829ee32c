// The scan engine: runs every compiled rule set over the normalised views of one body and
// records findings. Keyword rules share one Aho-Corasick DFA on the keyword view; regular
// expression rules are compiled to DFAs on the text view (regex.ts, matcher.ts).
import { Dfa, Events, scanAll, markIdle } from "./match/dfa";
import { AcBuilder } from "./match/aho-corasick";
import { Normaliser } from "./text/normalise";
import { Rule, View, Action } from "./rules";
import { HeaderList } from "./headers";
import { Findings } from "./findings";
import { RegexSet } from "./match/regex-set";

export class Engine {
  rules: Rule[] = [];
  keyword: Dfa | null = null;
  /** Aho-Corasick pattern id -> rule index. */
  patternRule: i32[] = [];
  regex: RegexSet = new RegexSet();
  /** Some enabled rule redacts: bodies may change size. */
  mayRedact: bool = false;
  private events: Events = new Events();

  /** Compiles enabled rules. Returns "" or an error naming the rule and pattern. */
  compile(rules: Rule[], norm: Normaliser, maxMatches: i32): string {
    this.rules = rules;
    this.events.limit = maxMatches;
    const ac = new AcBuilder();
    for (let i = 0; i < rules.length; i++) {
      if (rules[i].enabled && rules[i].action == Action.Redact && !rules[i].structural) this.mayRedact = true;
    }
    for (let i = 0; i < rules.length; i++) {
      const r = unchecked(rules[i]);
      if (!r.enabled || r.isRegex || r.view != View.Keyword) continue;
      for (let j = 0; j < r.patterns.length; j++) {
        // Patterns are normalised exactly like the text they are compared with.
        norm.reset(0);
        const src = String.UTF8.encode(r.patterns[j]);
        norm.raw(changetype<usize>(src), changetype<usize>(src) + <usize>src.byteLength);
        const k = norm.key.toArrayBuffer();
        if (k.byteLength == 0) return "rule " + r.id + ": pattern " + j.toString() + " is empty after normalisation";
        ac.add(k, this.patternRule.length);
        this.patternRule.push(i);
      }
    }
    this.keyword = ac.patterns > 0 ? ac.build() : null;
    if (this.keyword !== null) markIdle(this.keyword as Dfa);
    return this.regex.compile(rules);
  }

  /** Header deny patterns: appends the index of each rule whose header value matches. */
  checkHeaderDeny(hl: HeaderList, fired: i32[]): void {
    this.regex.checkHeaders(hl, fired, this.rules);
  }

  /** Scans both views; findings get counts, and matches of rules that may be redacted. */
  scan(norm: Normaliser, f: Findings): void {
    const kw = this.keyword;
    if (kw !== null && norm.key.len > 0) this.scanKeywords(kw, norm, f);
    if (norm.text.len > 0) this.regex.scan(norm.text.ptr, norm.text.len, f, this.rules);
    if (this.events.overflow || this.regex.overflow) f.truncated = true;
  }

  private scanKeywords(kw: Dfa, norm: Normaliser, f: Findings): void {
    const ev = this.events;
    ev.reset();
    scanAll(kw, norm.key.ptr, norm.key.ptr, norm.key.ptr + <usize>norm.key.len, ev);
    const outs = kw.outputs;
    for (let i = 0; i < ev.count; i++) {
      const end = unchecked(ev.ends[i]);
      let o = unchecked(kw.outStart[unchecked(ev.states[i])]);
      while (o >= 0 && unchecked(outs[o]) >= 0) {
        const rule = unchecked(this.patternRule[unchecked(outs[o])]);
        const len = unchecked(outs[o + 1]);
        f.hit(rule);
        if (unchecked(this.rules[rule]).action == Action.Redact) f.addMatch(rule, View.Keyword, end - len, end);
        o += 2;
      }
    }
  }
}
