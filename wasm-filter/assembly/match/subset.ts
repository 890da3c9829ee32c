// Thompson NFA from regex syntax trees, then the subset construction to a DFA in dfa.ts's
// layout (byte classes, premultiplied rows, accept bit). Built once at configure time, with a
// cap on states so that no pattern set can make configuration explode.
import { Ast, Node, setHas } from "./regex";
import { Dfa, packTable } from "./dfa";

export const MAX_DFA_STATES = 4000;
const MAX_NFA_STATES = 60000;

/** NFA: kind 0 byte set -> out1, 1 split -> out1/out2 (epsilon), 2 match(tag). */
export class Nfa {
  kind: i32[] = [];
  set: i32[] = []; // index into sets
  out1: i32[] = [];
  out2: i32[] = [];
  tag: i32[] = [];
  sets: StaticArray<u32>[] = [];
  private setIndex: Map<usize, i32> = new Map();
  error: string = "";

  add(kind: i32, set: i32, o1: i32, o2: i32, tag: i32): i32 {
    this.kind.push(kind);
    this.set.push(set);
    this.out1.push(o1);
    this.out2.push(o2);
    this.tag.push(tag);
    return this.kind.length - 1;
  }

  /** Builds `ast` (reversed when `reverse`) ending in a match state for `tag`; returns its start. */
  build(ast: Ast, tag: i32, reverse: bool): i32 {
    const m = this.add(2, -1, -1, -1, tag);
    return this.frag(ast, m, reverse);
  }

  /** Builds a fragment that continues to `next`; returns its entry state. */
  private frag(a: Ast, next: i32, rev: bool): i32 {
    if (this.kind.length > MAX_NFA_STATES) { this.error = "pattern too large"; return next; }
    switch (a.kind) {
      case Node.Empty: return next;
      case Node.Set: {
        const key = changetype<usize>(a.set);
        let idx: i32;
        if (this.setIndex.has(key)) idx = this.setIndex.get(key);
        else {
          this.sets.push(a.set as StaticArray<u32>);
          idx = this.sets.length - 1;
          this.setIndex.set(key, idx);
        }
        return this.add(0, idx, next, -1, -1);
      }
      case Node.Cat: {
        let cur = next;
        if (rev) for (let i = 0; i < a.kids.length; i++) cur = this.frag(a.kids[i], cur, rev);
        else for (let i = a.kids.length - 1; i >= 0; i--) cur = this.frag(a.kids[i], cur, rev);
        return cur;
      }
      case Node.Alt: {
        let entry = this.frag(a.kids[a.kids.length - 1], next, rev);
        for (let i = a.kids.length - 2; i >= 0; i--) {
          const k = this.frag(a.kids[i], next, rev);
          entry = this.add(1, -1, k, entry, -1);
        }
        return entry;
      }
      default: { // Rep
        const kid = a.kids[0];
        let cur = next;
        if (a.max < 0) {
          // x{min,}: x ... x x*
          const loop = this.add(1, -1, -1, next, -1);
          const body = this.frag(kid, loop, rev);
          this.out1[loop] = body;
          cur = loop;
        } else {
          // optional copies: (x(x(...)?)?)?, each skip straight to `next`
          for (let i = 0; i < a.max - a.min; i++) {
            const body = this.frag(kid, cur, rev);
            cur = this.add(1, -1, body, next, -1);
          }
        }
        for (let i = 0; i < a.min; i++) cur = this.frag(kid, cur, rev);
        return cur;
      }
    }
  }
}

/** Reusable scratch for closures (configure time only). */
class Scratch {
  mark: Int32Array;
  stamp: i32 = 1;
  stack: Int32Array;
  constructor(n: i32) {
    this.mark = new Int32Array(n);
    this.stack = new Int32Array(n + 1);
  }
}

/** Epsilon closure of `seeds` as a sorted list of non-split states. */
function closure(n: Nfa, seeds: i32[], sc: Scratch): i32[] {
  const stamp = sc.stamp++;
  const mark = sc.mark;
  const stack = sc.stack;
  let sp = 0;
  const out: i32[] = [];
  for (let i = 0; i < seeds.length; i++) {
    const s = unchecked(seeds[i]);
    if (s >= 0 && unchecked(mark[s]) != stamp) { unchecked(mark[s] = stamp); unchecked(stack[sp++] = s); }
  }
  while (sp > 0) {
    const s = unchecked(stack[--sp]);
    if (unchecked(n.kind[s]) == 1) {
      const a = unchecked(n.out1[s]);
      const b = unchecked(n.out2[s]);
      if (a >= 0 && unchecked(mark[a]) != stamp) { unchecked(mark[a] = stamp); unchecked(stack[sp++] = a); }
      if (b >= 0 && unchecked(mark[b]) != stamp) { unchecked(mark[b] = stamp); unchecked(stack[sp++] = b); }
    } else {
      out.push(s);
    }
  }
  out.sort((a: i32, b: i32): i32 => a - b);
  return out;
}

function hashOf(list: i32[]): u64 {
  let h: u64 = 0xcbf29ce484222325;
  for (let i = 0; i < list.length; i++) {
    h ^= <u64>unchecked(list[i]);
    h *= 0x100000001b3;
  }
  return h ^ <u64>list.length;
}

function sameList(a: i32[], b: i32[]): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (unchecked(a[i]) != unchecked(b[i])) return false;
  return true;
}

export class DfaResult {
  dfa: Dfa | null = null;
  error: string = "";
}

/**
 * Subset construction. `starts` are NFA entry states; `unanchored` adds them again at every
 * step (a search for matches starting anywhere). Accepting DFA states list the tags of their
 * match states. The empty set becomes the dead state (anchored DFAs stop there).
 */
export function toDfa(n: Nfa, starts: i32[], unanchored: bool, maxStates: i32): DfaResult {
  const res = new DfaResult();
  const ns = n.kind.length;
  // Byte classes: bytes with the same membership in every set share a class.
  const sig = new Map<string, i32>();
  const d = new Dfa();
  let nc = 0;
  const rep: i32[] = [];
  for (let b = 0; b < 256; b++) {
    let k = "";
    for (let i = 0; i < n.sets.length; i++) k += setHas(n.sets[i], b) ? "1" : "0";
    let c: i32;
    if (sig.has(k)) c = sig.get(k);
    else { c = nc++; sig.set(k, c); rep.push(b); }
    d.classes[b] = <u8>c;
  }
  d.nclasses = nc;
  const sc = new Scratch(ns);
  // Per NFA byte set: the classes it contains.
  const setClasses: i32[][] = [];
  for (let i = 0; i < n.sets.length; i++) {
    const l: i32[] = [];
    for (let c = 0; c < nc; c++) if (setHas(n.sets[i], rep[c])) l.push(c);
    setClasses.push(l);
  }
  const startSet = closure(n, starts, sc);
  const states: i32[][] = [];
  const index = new Map<u64, i32>(); // hash -> first state id; chain in `chain`
  const chain: i32[] = [];
  const trans: i32[] = [];
  states.push(startSet);
  index.set(hashOf(startSet), 0);
  chain.push(-1);
  const seeds: i32[][] = [];
  for (let c = 0; c < nc; c++) seeds.push([]);
  for (let cur = 0; cur < states.length; cur++) {
    if (states.length > maxStates) { res.error = "pattern set needs more than " + maxStates.toString() + " DFA states"; return res; }
    const set = states[cur];
    for (let c = 0; c < nc; c++) seeds[c].length = 0;
    for (let i = 0; i < set.length; i++) {
      const s = set[i];
      if (n.kind[s] != 0) continue;
      const cl = setClasses[n.set[s]];
      for (let j = 0; j < cl.length; j++) seeds[cl[j]].push(n.out1[s]);
    }
    for (let c = 0; c < nc; c++) {
      const sd = seeds[c];
      if (unanchored) for (let i = 0; i < starts.length; i++) sd.push(starts[i]);
      const next = closure(n, sd, sc);
      const h = hashOf(next);
      let id = index.has(h) ? index.get(h) : -1;
      while (id >= 0 && !sameList(states[id], next)) id = chain[id];
      if (id < 0) {
        id = states.length;
        states.push(next);
        chain.push(index.has(h) ? index.get(h) : -1);
        index.set(h, id);
      }
      trans.push(id);
    }
  }
  const count = states.length;
  d.nstates = count;
  d.outStart = new StaticArray<i32>(count);
  for (let s = 0; s < count; s++) {
    const set = states[s];
    let first = true;
    for (let i = 0; i < set.length; i++) {
      if (n.kind[set[i]] != 2) continue;
      const tag = n.tag[set[i]];
      if (first) { d.outStart[s] = d.outputs.length; first = false; }
      d.outputs.push(tag);
    }
    if (first) d.outStart[s] = -1;
    else d.outputs.push(-1);
    if (set.length == 0) d.dead = s;
  }
  packTable(d, StaticArray.fromArray<i32>(trans), count);
  d.start = 0;
  res.dfa = d;
  return res;
}
