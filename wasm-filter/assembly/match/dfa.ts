// A byte-level DFA in the layout the scan loop wants: bytes go through a class map, states are
// premultiplied row offsets into one Int32 table, and bit 31 of a transition marks a target
// state that has outputs. The loop is one class lookup, one table lookup and one sign test
// per byte, whatever the number of patterns: linear time, no backtracking.

export const ACCEPT_BIT: i32 = 0x80000000;
/** Bit 30 of a transition: the target state is idle (see markIdle). */
export const IDLE_BIT: i32 = 0x40000000;
export const ROW_MASK: i32 = 0x3fffffff;

export class Dfa {
  classes: StaticArray<u8> = new StaticArray<u8>(256);
  nclasses: i32 = 1;
  /** transitions[stateRow + class] = next stateRow | ACCEPT_BIT when it has outputs. */
  table: StaticArray<i32> = new StaticArray<i32>(1);
  /** Per state: index into outputs of its first output, -1 when none. */
  outStart: StaticArray<i32> = new StaticArray<i32>(1);
  /** Output lists: rule (or pattern) ids, each list ended by -1. */
  outputs: i32[] = [];
  /** Per state: the state's max pattern length reached, for Aho-Corasick (match start = end - len). */
  depth: StaticArray<i32> = new StaticArray<i32>(1);
  nstates: i32 = 1;
  /** Start row (0 for every DFA built here). */
  start: i32 = 0;
  /** When false the DFA has a dead state (row of the state with id `dead`), for anchored runs. */
  dead: i32 = -1;

  stateOf(row: i32): i32 { return (row & ROW_MASK) / this.nclasses; }
  /** Per state: index of its self-loop byte table in idleTables, or -1. */
  idleIndex: StaticArray<i32> = new StaticArray<i32>(1);
  /** 256 bytes per idle state: 1 where the byte keeps the DFA in that state. */
  idleTables: StaticArray<u8> = new StaticArray<u8>(0);
}

/** States that most bytes leave unchanged (a search waiting for a pattern's first byte). */
const IDLE_MIN_BYTES = 160;

/**
 * Marks idle states and the transitions into them, so scans can skip bytes that keep the DFA
 * where it is with a loop of independent loads instead of the state-dependent chain.
 */
/**
 * Packs a row-major transition list into d.table: each entry is the target state's row
 * offset, with the top bit set when the target accepts (d.outStart must be filled first).
 * Shared by the Aho-Corasick and the regex subset constructions.
 */
export function packTable(d: Dfa, trans: StaticArray<i32>, nstates: i32): void {
  const nc = d.nclasses;
  d.table = new StaticArray<i32>(nstates * nc);
  for (let s = 0; s < nstates; s++) {
    for (let c = 0; c < nc; c++) {
      const t = trans[s * nc + c];
      let row = t * nc;
      if (d.outStart[t] >= 0) row |= 0x80000000;
      d.table[s * nc + c] = row;
    }
  }
}

export function markIdle(d: Dfa): void {
  const nc = d.nclasses;
  const n = d.nstates;
  d.idleIndex = new StaticArray<i32>(n);
  const tables: u8[] = [];
  for (let s = 0; s < n; s++) {
    d.idleIndex[s] = -1;
    if (s == d.dead) continue;
    let count = 0;
    for (let b = 0; b < 256; b++) {
      if ((d.table[s * nc + <i32>d.classes[b]] & ROW_MASK) == s * nc) count++;
    }
    if (count < IDLE_MIN_BYTES) continue;
    d.idleIndex[s] = tables.length >> 8;
    for (let b = 0; b < 256; b++) tables.push((d.table[s * nc + <i32>d.classes[b]] & ROW_MASK) == s * nc ? 1 : 0);
  }
  d.idleTables = new StaticArray<u8>(tables.length);
  for (let i = 0; i < tables.length; i++) d.idleTables[i] = tables[i];
  for (let i = 0; i < n * nc; i++) {
    const target = (d.table[i] & ROW_MASK) / nc;
    if (d.idleIndex[target] >= 0) d.table[i] |= IDLE_BIT;
  }
}

/** Skips bytes from p that keep the DFA in the idle state whose row is `row`. */
// @ts-ignore: decorator
@inline export function skipIdle(d: Dfa, row: i32, p: usize, end: usize): usize {
  const t = changetype<usize>(d.idleTables) + (<usize>unchecked(d.idleIndex[row / d.nclasses]) << 8);
  while (p < end && load<u8>(t + <usize>load<u8>(p)) != 0) p++;
  return p;
}

/** Match events from a scan: end offsets (exclusive) and the DFA state id reached. */
export class Events {
  ends: i32[] = [];
  states: i32[] = [];
  count: i32 = 0;
  limit: i32 = 1 << 20;
  overflow: bool = false;

  reset(): void { this.count = 0; this.overflow = false; }

  @inline add(end: i32, state: i32): void {
    if (this.count >= this.limit) { this.overflow = true; return; }
    if (this.count < this.ends.length) {
      unchecked(this.ends[this.count] = end);
      unchecked(this.states[this.count] = state);
    } else {
      this.ends.push(end);
      this.states.push(state);
    }
    this.count++;
  }
}

/** Unanchored scan of [p, end) (positions relative to `base`); every accepting step is an event. */
export function scanAll(d: Dfa, base: usize, p: usize, end: usize, ev: Events): void {
  const cls = changetype<usize>(d.classes);
  const tbl = changetype<usize>(d.table);
  const nc = d.nclasses;
  let s = d.start;
  while (p < end) {
    s = load<i32>(tbl + (<usize>(s + <i32>load<u8>(cls + <usize>load<u8>(p))) << 2));
    p++;
    if (<u32>s >= <u32>IDLE_BIT) {
      const acc = s < 0;
      const idle = (s & IDLE_BIT) != 0;
      s &= ROW_MASK;
      if (acc) ev.add(<i32>(p - base), s / nc);
      if (idle) p = skipIdle(d, s, p, end);
    }
  }
}

/**
 * Anchored run from `p` forwards (dir 1) or from `p - 1` backwards (dir -1), stopping at
 * `limit` or the dead state. Returns the furthest position after which the DFA accepted
 * (exclusive end going forwards, inclusive start going backwards), or -1.
 */
export function longest(d: Dfa, p: usize, limit: usize, dir: i32): isize {
  const cls = changetype<usize>(d.classes);
  const tbl = changetype<usize>(d.table);
  const deadRow = d.dead * d.nclasses;
  let s = d.start;
  let best: isize = -1;
  if (dir > 0) {
    while (p < limit) {
      s = load<i32>(tbl + (<usize>(s + <i32>load<u8>(cls + <usize>load<u8>(p))) << 2));
      p++;
      s &= ~IDLE_BIT;
      if (s < 0) { s &= ROW_MASK; best = <isize>p; }
      if (s == deadRow) break;
    }
  } else {
    while (p > limit) {
      p--;
      s = load<i32>(tbl + (<usize>(s + <i32>load<u8>(cls + <usize>load<u8>(p))) << 2));
      s &= ~IDLE_BIT;
      if (s < 0) { s &= ROW_MASK; best = <isize>p; }
      if (s == deadRow) break;
    }
  }
  return best;
}
