// Regular-expression rules on the text view. All body rules are unioned into as few DFAs as
// the state cap allows and scanned in one pass each. An accepting step only says "some match
// of rule r ends here"; its start is found by the rule's reverse DFA (leftmost start), its end
// extended by the rule's anchored forward DFA (longest match), both bounded by the rule's
// max_match_bytes and by the end of r's previous match, so every byte is read a bounded
// number of times per rule: linear time, no backtracking. Edge assertions and validators are
// checked on the match found.
import { Rule, View, Action, Validator } from "../rules";
import { Findings } from "../findings";
import { HeaderList } from "../headers";
import { Dfa, longest, skipIdle, markIdle, IDLE_BIT, ROW_MASK } from "./dfa";
import { parseRegex, Edges, Parsed, setHas, setAdd, newSet, isWordByte, Ast, Node } from "./regex";
import { Nfa, toDfa, MAX_DFA_STATES } from "./subset";
import { validate } from "../detectors/validators";

class Compiled {
  rule: i32 = 0;
  ast: Ast = new Ast(Node.Empty);
  /** What the search DFA looks for: the pattern, or a prefix of it when the pattern alone
   *  would need too many states unanchored (overlapping counted runs). */
  search: Ast = new Ast(Node.Empty);
  /** What the reverse DFA reads back from a search hit to the match start. */
  revAst: Ast = new Ast(Node.Empty);
  prefix: bool = false;
  literal: bool = false;
  soloStates: i32 = 0;
  edges: Edges = new Edges();
  rev: Dfa = new Dfa();
  fwd: Dfa = new Dfa();
  maxLen: i32 = 256;
  redact: bool = false;
  validator: Validator = Validator.None;
  floor: i32 = 0;
}

class Group {
  dfa: Dfa;
  constructor(dfa: Dfa) { this.dfa = dfa; }
}

class HeaderRule {
  rule: i32;
  name: ArrayBuffer;
  c: Compiled;
  search: Dfa;
  constructor(rule: i32, name: string, c: Compiled, search: Dfa) {
    this.rule = rule;
    this.name = String.UTF8.encode(name);
    this.c = c;
    this.search = search;
  }
}

export class RegexSet {
  overflow: bool = false;
  private compiled: Compiled[] = [];
  private groups: Group[] = [];
  private headerRules: HeaderRule[] = [];
  private ruleIds: string[] = [];
  /** Per byte: bit i set when compiled pattern i (i < 64) can begin with that byte. */
  private starts: StaticArray<u64> | null = null;
  /** DFA sizes, for the configure log line. */
  stats: string = "";

  /** Compiles every enabled regex rule; "" or an error naming the rule. */
  compile(rules: Rule[]): string {
    const body: Compiled[] = [];
    this.ruleIds = [];
    for (let i = 0; i < rules.length; i++) this.ruleIds.push(rules[i].id);
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (!r.enabled || !r.isRegex) continue;
      for (let j = 0; j < r.patterns.length; j++) {
        const pr = parseRegex(r.patterns[j]);
        const where = (r.header.length > 0 ? "headers.deny rule " : "rule ") + r.id + ": pattern " + j.toString() + ": ";
        const ast = pr.ast;
        if (ast === null) return where + pr.error;
        const c = new Compiled();
        c.rule = i;
        c.ast = ast;
        c.edges = pr.edges;
        c.maxLen = r.maxMatch;
        c.redact = r.action == Action.Redact;
        c.validator = r.validator;
        // Searched as a literal prefix (sk-, AKIA, -----BEGIN ...: literals union into a small
        // DFA), else as the whole pattern, else as the longest prefix whose search DFA fits.
        // A leading counted run is searched with its minimum count (same match ends, far fewer
        // states), the reverse DFA then reads the full run back to the match start.
        let solo: Group | null = null;
        const lit = literalPrefixKids(ast);
        const nb = pr.edges.notBefore;
        if (lit == 0 && nb !== null && r.header.length == 0 && ast.kind == Node.Cat) {
          // A rule that must not follow certain bytes ((?<![0-9]) for digit rules) is searched
          // as "a byte it may follow, then its first item": one hit per run start, not per byte.
          // Body text always starts with a NUL separator, so position 0 is covered.
          const k = mandatoryPrefixKids(ast);
          c.prefix = true;
          c.literal = true;
          c.revAst = prefixOf(ast, k);
          const ctx = new Ast(Node.Set);
          const cs = newSet();
          for (let b = 0; b < 256; b++) if (!setHas(nb as StaticArray<u32>, b)) setAdd(cs, b);
          ctx.set = cs;
          const srch = new Ast(Node.Cat);
          srch.kids.push(ctx);
          for (let i = 0; i < c.revAst.kids.length; i++) srch.kids.push(c.revAst.kids[i]);
          c.search = srch;
          solo = buildGroup([c], 0, SOLO_STATES);
        } else if (lit > 0) {
          c.prefix = true;
          c.literal = true;
          c.revAst = prefixOf(ast, lit);
          c.search = c.revAst;
          solo = buildGroup([c], 0, SOLO_STATES);
        } else {
          c.revAst = ast;
          c.search = reduceLeading(ast);
          solo = buildGroup([c], 0, SOLO_STATES);
          if (solo === null && ast.kind == Node.Cat) {
            c.prefix = true;
            for (let k = ast.kids.length - 1; k >= 1 && solo === null; k--) {
              c.revAst = prefixOf(ast, k);
              c.search = reduceLeading(c.revAst);
              solo = buildGroup([c], 0, SOLO_STATES);
            }
          }
        }
        if (solo === null) return where + "pattern needs too many DFA states";
        c.soloStates = solo.dfa.nstates;
        const err = anchoredDfas(c);
        if (err.length > 0) return where + err;
        if (r.header.length > 0) {
          const g = buildGroup([c], 0, MAX_DFA_STATES);
          if (g === null) return where + "pattern needs too many DFA states";
          this.headerRules.push(new HeaderRule(i, r.header, c, g.dfa));
        } else {
          body.push(c);
        }
      }
    }
    // Literal-prefix searches first (they union into one small DFA), then the others.
    const ordered: Compiled[] = [];
    let literals = 0;
    for (let i = 0; i < body.length; i++) if (body[i].literal) { ordered.push(body[i]); literals++; }
    for (let i = 0; i < body.length; i++) if (!body[i].literal) ordered.push(body[i]);
    this.compiled = ordered;
    this.stats = "";
    const e = this.buildGroups(ordered, 0, literals);
    return e.length > 0 ? e : this.buildGroups(ordered, literals, ordered.length);
  }

  /** Greedy: rules join the current group while the union DFA stays under the cap. */
  private buildGroups(list: Compiled[], from: i32, to: i32): string {
    let start = from;
    let last: Group | null = null;
    let i = from;
    while (i < to) {
      const g = buildGroup(list.slice(start, i + 1), start, MAX_DFA_STATES);
      if (g !== null) { last = g; i++; continue; }
      if (last === null) return "rule " + this.ruleIds[list[i].rule] + ": pattern needs more than " + MAX_DFA_STATES.toString() + " DFA states";
      this.addGroup(last);
      last = null;
      start = i;
    }
    if (last !== null) this.addGroup(last);
    return "";
  }

  private addGroup(g: Group): void {
    this.groups.push(g);
    this.stats += (this.stats.length > 0 ? "," : "") + g.dfa.nstates.toString();
  }

  /** Scans the text view [base, base+len). */
  scan(base: usize, len: i32, f: Findings, rules: Rule[]): void {
    this.overflow = false;
    for (let i = 0; i < this.compiled.length; i++) unchecked(this.compiled[i]).floor = 0;
    for (let g = 0; g < this.groups.length; g++) this.scanGroup(unchecked(this.groups[g]).dfa, base, len, f);
  }

  private scanGroup(d: Dfa, base: usize, len: i32, f: Findings): void {
    const cls = changetype<usize>(d.classes);
    const tbl = changetype<usize>(d.table);
    const nc = d.nclasses;
    const end = base + <usize>len;
    let p = base;
    let s = d.start;
    while (p < end) {
      s = load<i32>(tbl + (<usize>(s + <i32>load<u8>(cls + <usize>load<u8>(p))) << 2));
      p++;
      if (<u32>s >= <u32>IDLE_BIT) {
        const acc = s < 0;
        const idle = (s & IDLE_BIT) != 0;
        s &= ROW_MASK;
        if (acc) this.accept(d, s / nc, base, len, <i32>(p - base), f);
        if (idle) p = skipIdle(d, s, p, end);
      }
    }
  }

  private accept(d: Dfa, state: i32, base: usize, len: i32, end: i32, f: Findings): void {
    let o = unchecked(d.outStart[state]);
    while (o >= 0) {
      const tag = unchecked(d.outputs[o]);
      if (tag < 0) break;
      o++;
      const c = unchecked(this.compiled[tag]);
      if (end <= c.floor) continue;
      const r = findMatch(c, base, len, end, c.floor);
      if (r < 0) continue;
      const s = <i32>(r >> 32);
      const e = <i32>(r & 0xffffffff);
      if (!validate(c.validator, base, s, e)) continue;
      c.floor = e;
      f.hit(c.rule);
      if (c.redact) f.addMatch(c.rule, View.Text, s, e);
    }
  }

  /**
   * Could a match begin at `p` and still be in progress at `len` (more bytes may complete or
   * lengthen it)? True when some rule's anchored forward DFA, started at p, has not died by
   * len and the rule's max_match_bytes is not yet reached. Edge assertions are ignored
   * (conservative). Used by the response hold-back: text before the first such p is final.
   */
  liveFrom(base: usize, p: i32, len: i32): bool {
    if (this.starts === null) this.starts = startBytes(this.compiled);
    const first = <i32>load<u8>(base + <usize>p);
    const st = this.starts as StaticArray<u64>;
    for (let i = 0; i < this.compiled.length; i++) {
      // Most positions start no pattern: one bit per rule and byte decides without a DFA run.
      if ((unchecked(st[first]) & (<u64>1 << <u64>(i & 63))) == 0 && i < 64) continue;
      const c = unchecked(this.compiled[i]);
      if (len - p >= c.maxLen) continue;
      if (aliveAtEnd(c.fwd, base + <usize>p, base + <usize>len)) return true;
    }
    return false;
  }

  /** Header deny rules: appends the index of each rule whose header's value matches. */
  checkHeaders(hl: HeaderList, fired: i32[], rules: Rule[]): void {
    for (let i = 0; i < this.headerRules.length; i++) {
      const h = unchecked(this.headerRules[i]);
      for (let j = 0; j < hl.count; j++) {
        if (hl.keyLen[j] != h.name.byteLength) continue;
        if (memory.compare(hl.keyPtr(j), changetype<usize>(h.name), <usize>h.name.byteLength) != 0) continue;
        if (matchesAnywhere(h, hl.valPtr(j), hl.valLen[j])) { fired.push(h.rule); break; }
      }
    }
  }
}

const SOLO_STATES = 300;

/** Bytes a node always matches literally (sets of at most 2 bytes: a letter in both cases), or 0. */
function literalLen(a: Ast): i32 {
  if (a.kind == Node.Set) {
    let n = 0;
    for (let b = 0; b < 256 && n <= 2; b++) if (setHas(a.set as StaticArray<u32>, b)) n++;
    return n <= 2 ? 1 : 0;
  }
  if (a.kind == Node.Cat) {
    let t = 0;
    for (let i = 0; i < a.kids.length; i++) {
      const l = literalLen(a.kids[i]);
      if (l == 0) return 0;
      t += l;
    }
    return t;
  }
  if (a.kind == Node.Alt) {
    let m = 1 << 30;
    for (let i = 0; i < a.kids.length; i++) {
      const l = literalLen(a.kids[i]);
      if (l == 0) return 0;
      if (l < m) m = l;
    }
    return m;
  }
  return 0;
}

/** The fewest leading items of a sequence that must match at least one byte. */
function mandatoryPrefixKids(ast: Ast): i32 {
  for (let k = 0; k < ast.kids.length; k++) {
    const kid = ast.kids[k];
    if (!(kid.kind == Node.Rep && kid.min == 0) && kid.kind != Node.Empty) return k + 1;
  }
  return ast.kids.length;
}

/** How many leading items of a sequence form a literal prefix of 3+ bytes (0: none). */
function literalPrefixKids(ast: Ast): i32 {
  if (ast.kind != Node.Cat) return 0;
  let bytes = 0;
  let k = 0;
  while (k < ast.kids.length) {
    const l = literalLen(ast.kids[k]);
    if (l == 0) break;
    bytes += l;
    k++;
  }
  return bytes >= 3 && k < ast.kids.length ? k : 0;
}

/** The first k items of a sequence; a last long repetition keeps at most 4 copies. */
function prefixOf(ast: Ast, k: i32): Ast {
  const p = new Ast(Node.Cat);
  for (let i = 0; i < k; i++) {
    const kid = ast.kids[i];
    if (i == k - 1 && kid.kind == Node.Rep && (kid.max < 0 || kid.max > 4)) {
      const r = new Ast(Node.Rep);
      r.kids.push(kid.kids[0]);
      r.min = kid.min < 4 ? kid.min : 4;
      r.max = r.min;
      if (r.min > 0) p.kids.push(r);
    } else {
      p.kids.push(kid);
    }
  }
  return p;
}

/** A sequence whose first item, a counted run, is cut to its minimum count (at least 1). */
function reduceLeading(ast: Ast): Ast {
  if (ast.kind != Node.Cat || ast.kids.length < 2) return ast;
  const first = ast.kids[0];
  if (first.kind != Node.Rep || first.min < 1 || first.max == first.min) return ast;
  const r = new Ast(Node.Rep);
  r.kids.push(first.kids[0]);
  r.min = first.min;
  r.max = first.min;
  const c = new Ast(Node.Cat);
  c.kids.push(r);
  for (let i = 1; i < ast.kids.length; i++) c.kids.push(ast.kids[i]);
  return c;
}

function anchoredDfas(c: Compiled): string {
  const nr = new Nfa();
  const rs = nr.build(c.revAst, 0, true);
  if (nr.error.length > 0) return nr.error;
  const rr = toDfa(nr, [rs], false, MAX_DFA_STATES);
  if (rr.dfa === null) return rr.error;
  c.rev = rr.dfa as Dfa;
  const nf = new Nfa();
  const fs = nf.build(c.ast, 0, false);
  const fr = toDfa(nf, [fs], false, MAX_DFA_STATES);
  if (fr.dfa === null) return fr.error;
  c.fwd = fr.dfa as Dfa;
  return "";
}

function buildGroup(list: Compiled[], tagBase: i32, cap: i32): Group | null {
  const n = new Nfa();
  const starts: i32[] = [];
  for (let i = 0; i < list.length; i++) starts.push(n.build(list[i].search, tagBase + i, false));
  if (n.error.length > 0) return null;
  const r = toDfa(n, starts, true, cap);
  if (r.dfa === null) return null;
  markIdle(r.dfa as Dfa);
  return new Group(r.dfa as Dfa);
}

/**
 * The match of `c` ending at `end` (leftmost start, then longest end), as s << 32 | e, or -1
 * when edge assertions fail. Never looks before `floor` or further than maxLen.
 */
function findMatch(c: Compiled, base: usize, len: i32, end: i32, floor: i32): i64 {
  let lo = end - c.maxLen;
  if (lo < floor) lo = floor;
  if (lo < 0) lo = 0;
  const sp = longest(c.rev, base + <usize>end, base + <usize>lo, -1);
  if (sp < 0) return -1;
  const s = <i32>(<usize>sp - base);
  let hi = s + c.maxLen;
  if (hi > len) hi = len;
  const ep = longest(c.fwd, base + <usize>s, base + <usize>hi, 1);
  if (ep < 0 && c.prefix) return -1; // the prefix matched, the whole pattern did not
  let e = ep < 0 ? end : <i32>(<usize>ep - base);
  if (e < end && !c.prefix) e = end;
  if (edgesOk(c.edges, base, len, s, e)) return (<i64>s << 32) | <i64>e;
  if (!c.prefix && e != end && edgesOk(c.edges, base, len, s, end)) return (<i64>s << 32) | <i64>end;
  return -1;
}

function startBytes(list: Compiled[]): StaticArray<u64> {
  const out = new StaticArray<u64>(256);
  for (let i = 0; i < list.length && i < 64; i++) {
    const d = unchecked(list[i]).fwd;
    const deadRow = d.dead * d.nclasses;
    for (let b = 0; b < 256; b++) {
      const s = d.table[d.start + <i32>d.classes[b]] & ROW_MASK;
      if (s != deadRow) out[b] |= <u64>1 << <u64>i;
    }
  }
  return out;
}

/** Runs `d` anchored over [p, end): true when it never reached its dead state. */
function aliveAtEnd(d: Dfa, p: usize, end: usize): bool {
  const cls = changetype<usize>(d.classes);
  const tbl = changetype<usize>(d.table);
  const deadRow = d.dead * d.nclasses;
  let s = d.start;
  while (p < end) {
    s = load<i32>(tbl + (<usize>(s + <i32>load<u8>(cls + <usize>load<u8>(p))) << 2)) & ROW_MASK;
    if (s == deadRow) return false;
    p++;
  }
  return true;
}

function byteAt(base: usize, i: i32): i32 { return <i32>load<u8>(base + <usize>i); }

function edgesOk(g: Edges, base: usize, len: i32, s: i32, e: i32): bool {
  const before = s > 0 ? byteAt(base, s - 1) : -1;
  const after = e < len ? byteAt(base, e) : -1;
  if (g.startLine && before > 0) return false;
  if (g.endLine && after > 0) return false;
  if (g.startWord && (before >= 0 && isWordByte(before)) == isWordByte(byteAt(base, s))) return false;
  if (g.endWord && (after >= 0 && isWordByte(after)) == isWordByte(byteAt(base, e - 1))) return false;
  const nb = g.notBefore;
  if (nb !== null && before >= 0 && setHas(nb, before)) return false;
  const na = g.notAfter;
  if (na !== null && after >= 0 && setHas(na, after)) return false;
  return true;
}

function matchesAnywhere(h: HeaderRule, p: usize, n: i32): bool {
  const d = h.search;
  const cls = changetype<usize>(d.classes);
  const tbl = changetype<usize>(d.table);
  let s = d.start;
  for (let i = 0; i < n; i++) {
    s = load<i32>(tbl + (<usize>(s + <i32>load<u8>(cls + <usize>load<u8>(p + <usize>i))) << 2));
    s &= ~IDLE_BIT;
    if (s < 0) {
      s &= ROW_MASK;
      const m = findMatch(h.c, p, n, i + 1, 0);
      if (m >= 0 && validate(h.c.validator, p, <i32>(m >> 32), <i32>(m & 0xffffffff))) return true;
    }
  }
  return false;
}
