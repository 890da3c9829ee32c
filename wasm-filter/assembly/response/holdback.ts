// The hold-back: answer text waiting to be released to the client. Text is scanned with the
// response rule set; everything before the first position where a match could still begin
// (some rule's forward DFA, started there, is still alive at the end of what has arrived) is
// final and released at once, with matches replaced by their rule's placeholder. The rest is
// held until more text arrives or the stream ends, never more than the bound
// (response.holdback_bytes) plus one event. A value split across any number of chunks is
// therefore seen whole before any of it is released.
import { ByteBuf } from "../text/byte-buf";
import { RegexSet } from "../match/regex-set";
import { Findings } from "../findings";
import { Rule, Action, Detector, View } from "../rules";
import { Vault } from "./vault";

/** The compiled response rule set, one per root (configure time). */
export class OutputRules {
  /** Same length and order as the configuration's rules; response rules redact, others are off. */
  rules: Rule[] = [];
  regex: RegexSet = new RegexSet();
  findings: Findings = new Findings();
  /** The scan view of held text: same bytes, tab/CR/LF read as spaces (the request side's text
   *  view collapses whitespace; patterns such as PEM bodies expect spaces). Offsets are equal. */
  view: ByteBuf = new ByteBuf();
  /** Upper bound of held bytes per text channel. */
  bound: i32 = 0;
  active: bool = false;

  /** Secret and PII text rules that are enabled become redact rules on the answer. */
  compile(src: Rule[], holdback: i32): string {
    const rules: Rule[] = [];
    let longest = 0;
    for (let i = 0; i < src.length; i++) {
      const s = src[i];
      const r = new Rule();
      r.index = i;
      r.id = s.id;
      r.detector = s.detector;
      r.enabled = s.enabled && s.isRegex && !s.structural && s.header.length == 0 && s.view == View.Text &&
        (s.detector == Detector.Secret || s.detector == Detector.Pii);
      r.action = Action.Redact;
      r.isRegex = s.isRegex;
      r.patterns = s.patterns;
      r.validator = s.validator;
      r.placeholder = s.placeholder;
      r.maxMatch = s.maxMatch;
      r.endStream = s.endStream;
      r.message = s.message;
      if (r.enabled) { this.active = true; if (r.maxMatch > longest) longest = r.maxMatch; }
      rules.push(r);
    }
    this.rules = rules;
    this.bound = holdback > 0 ? holdback : longest;
    return this.active ? this.regex.compile(rules) : "";
  }
}

/** Text of one channel (one choice / content block) not yet released. Byte 0 is context. */
export class Pending {
  buf: ByteBuf = new ByteBuf();
  /** A rule whose response_action is end_stream matched: its index; the text stops before it. */
  stopRule: i32 = -1;
  constructor() { this.buf.push(0); }
  held(): i32 { return this.buf.len - 1; }
}

class Span { s: i32; e: i32; rule: i32; constructor(s: i32, e: i32, r: i32) { this.s = s; this.e = e; this.rule = r; } }

function spans(o: OutputRules, base: usize, len: i32): Span[] {
  const f = o.findings;
  f.reset(o.rules.length);
  o.regex.scan(base, len, f, o.rules);
  const list: Span[] = [];
  for (let i = 0; i < f.matches; i++) {
    let s = unchecked(f.mStart[i]);
    if (s < 1) s = 1; // never the context byte
    const e = unchecked(f.mEnd[i]);
    if (e > s) list.push(new Span(s, e, unchecked(f.mRule[i])));
  }
  list.sort((a: Span, b: Span): i32 => a.s - b.s);
  const merged: Span[] = [];
  for (let i = 0; i < list.length; i++) {
    const sp = list[i];
    if (merged.length > 0 && sp.s < merged[merged.length - 1].e) {
      const last = merged[merged.length - 1];
      if (sp.e > last.e) last.e = sp.e;
    } else merged.push(sp);
  }
  return merged;
}

function scanView(o: OutputRules, base: usize, len: i32): usize {
  const v = o.view;
  v.reset();
  v.reserve(len);
  const p = v.ptr;
  for (let i = 0; i < len; i++) {
    const c = load<u8>(base + <usize>i);
    store<u8>(p + <usize>i, c == 0x0a || c == 0x0d || c == 0x09 ? 0x20 : c);
  }
  v.len = len;
  return p;
}

/** The first position that must be held: a match could still begin there. */
function holdPoint(o: OutputRules, base: usize, len: i32): i32 {
  let p = 1;
  while (p < len && !o.regex.liveFrom(base, p, len)) p++;
  if (len - p > o.bound) p = len - o.bound;
  return p;
}

/**
 * Releases what is final from `pend` into `out` (redacted text, not escaped); everything when
 * `final`. Counts each redaction in `hits` (per rule index). Returns the number of redactions.
 */
export function release(o: OutputRules, pend: Pending, final: bool, out: ByteBuf, hits: i32[], vault: Vault | null = null, canStop: bool = true): i32 {
  const b = pend.buf;
  const len = b.len;
  if (len <= 1) return 0;
  const base = b.ptr;
  let list: Span[] = [];
  let cut = len;
  if (o.active) {
    const v = scanView(o, base, len);
    list = spans(o, v, len);
    if (!final) cut = holdPoint(o, v, len);
  }
  if (!final && vault !== null && vault.count() > 0) {
    const q = vault.partialAt(base, 1, len);
    if (q < cut) cut = q; // a placeholder to restore may be split here
  }
  while (cut > 1 && cut < len && (load<u8>(base + <usize>cut) & 0xc0) == 0x80) cut--;
  for (let i = list.length - 1; i >= 0; i--) {
    const sp = list[i];
    if (sp.s < cut && sp.e > cut) cut = sp.s;
  }
  let at = 1;
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const sp = list[i];
    if (sp.e > cut) break;
    if (canStop && o.rules[sp.rule].endStream) {
      while (hits.length <= sp.rule) hits.push(0);
      hits[sp.rule] = hits[sp.rule] + 1;
      pend.stopRule = sp.rule;
      cut = sp.s;
      break;
    }
    emit(vault, base + <usize>at, sp.s - at, out);
    out.pushString(o.rules[sp.rule].placeholder);
    while (hits.length <= sp.rule) hits.push(0);
    hits[sp.rule] = hits[sp.rule] + 1;
    n++;
    at = sp.e;
  }
  if (cut > at) emit(vault, base + <usize>at, cut - at, out);
  if (cut > 1) {
    store<u8>(base, load<u8>(base + <usize>(cut - 1)));
    memory.copy(base + 1, base + <usize>cut, <usize>(len - cut));
    b.len = 1 + len - cut;
  }
  return n;
}

function emit(vault: Vault | null, p: usize, n: i32, out: ByteBuf): void {
  if (n <= 0) return;
  if (vault === null) out.pushBytes(p, n);
  else vault.restore(p, n, out);
}
