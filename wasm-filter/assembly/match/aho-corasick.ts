// Aho-Corasick over bytes, compiled to a full DFA (goto + failure resolved for every class),
// so the scan is the shared one-lookup-per-byte loop of dfa.ts. Built once at configure time.
import { Dfa, packTable } from "./dfa";

export class AcBuilder {
  // Trie as parallel arrays; children kept in a flat map keyed by state*256+byte.
  private next: Map<i32, i32> = new Map();
  private out: i32[] = [-1]; // pattern id ending exactly here
  private lens: i32[] = [0];
  patterns: i32 = 0;

  /** Adds a pattern (bytes) for `id`. Empty patterns are ignored. */
  add(bytes: ArrayBuffer, id: i32): void {
    const n = bytes.byteLength;
    if (n == 0) return;
    let s = 0;
    const p = changetype<usize>(bytes);
    for (let i = 0; i < n; i++) {
      const key = s * 256 + <i32>load<u8>(p + <usize>i);
      if (this.next.has(key)) {
        s = this.next.get(key);
      } else {
        const t = this.out.length;
        this.out.push(-1);
        this.lens.push(i + 1);
        this.next.set(key, t);
        s = t;
      }
    }
    if (this.out[s] < 0) this.out[s] = id;
    this.patterns++;
  }

  build(): Dfa {
    const n = this.out.length;
    // Byte classes: every byte used in a pattern gets its own class, the rest share class 0.
    const d = new Dfa();
    const used = new StaticArray<bool>(256);
    const keys = this.next.keys();
    for (let i = 0; i < keys.length; i++) used[keys[i] & 0xff] = true;
    let nc = 1;
    for (let b = 0; b < 256; b++) {
      if (used[b]) { d.classes[b] = <u8>nc; nc++; }
      else d.classes[b] = 0;
    }
    if (nc > 256) nc = 256; // cannot happen: at most 256 distinct bytes + 1 shared... guarded
    d.nclasses = nc;
    const repByte = new StaticArray<i32>(nc);
    repByte[0] = -1;
    for (let b = 0; b < 256; b++) if (used[b]) repByte[d.classes[b]] = b;

    // BFS: failure links and full transitions.
    const fail = new StaticArray<i32>(n);
    const trans = new StaticArray<i32>(n * nc); // state ids, not rows yet
    const order = new StaticArray<i32>(n);
    let head = 0;
    let tail = 0;
    for (let c = 0; c < nc; c++) {
      const b = repByte[c];
      let t = 0;
      if (b >= 0 && this.next.has(b)) t = this.next.get(b);
      trans[c] = t;
      if (t != 0) { fail[t] = 0; order[tail++] = t; }
    }
    while (head < tail) {
      const s = order[head++];
      for (let c = 0; c < nc; c++) {
        const b = repByte[c];
        const key = s * 256 + b;
        if (b >= 0 && this.next.has(key)) {
          const t = this.next.get(key);
          fail[t] = trans[fail[s] * nc + c];
          trans[s * nc + c] = t;
          order[tail++] = t;
        } else {
          trans[s * nc + c] = trans[fail[s] * nc + c];
        }
      }
    }

    // Outputs: own pattern then the failure chain's, as one list per state.
    d.outStart = new StaticArray<i32>(n);
    d.depth = new StaticArray<i32>(n);
    for (let s = 0; s < n; s++) {
      d.depth[s] = this.lens[s];
      let t = s;
      let first = true;
      while (t != 0) {
        if (this.out[t] >= 0) {
          if (first) { d.outStart[s] = d.outputs.length; first = false; }
          d.outputs.push(this.out[t]);
          d.outputs.push(this.lens[t]);
        }
        t = fail[t];
      }
      if (first) d.outStart[s] = -1;
      else d.outputs.push(-1);
    }

    d.nstates = n;
    packTable(d, trans, n);
    d.start = 0;
    return d;
  }
}
