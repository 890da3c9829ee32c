// Redaction: every match of a rule whose action is redact is replaced in the forwarded body
// by the rule's placeholder ([EMAIL], ...). Matches are found in a normalised view; they are
// mapped back to source byte spans by re-running the normaliser over the strings concerned,
// so a replacement always covers whole characters and whole escape sequences inside one JSON
// string, and the body stays valid JSON. Overlapping spans merge. content-length is fixed.
import { AegisRoot } from "./root";
import { Findings } from "./findings";
import { Action, View } from "./rules";
import { MapRequest } from "./text/normalise";
import { Segments } from "./json/json-text";
import { ByteBuf } from "./text/byte-buf";
import { BufferType, MapType, setBuffer, setHeader } from "./runtime/hostcalls";
import { Vault } from "./response/vault";

class Span {
  start: i32;
  end: i32;
  rule: i32;
  constructor(s: i32, e: i32, r: i32) { this.start = s; this.end = e; this.rule = r; }
}

const out = new ByteBuf();

/** Index of the segment whose view range contains `pos` (view 0 text, 1 keyword). */
function segmentAt(seg: Segments, view: i32, pos: i32): i32 {
  let lo = 0;
  let hi = seg.count - 1;
  let ans = -1;
  const starts = view == View.Text ? seg.textStart : seg.keyStart;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (unchecked(starts[mid]) <= pos) { ans = mid; lo = mid + 1; }
    else hi = mid - 1;
  }
  return ans;
}

function viewEnd(seg: Segments, view: i32, i: i32, total: i32): i32 {
  if (i + 1 < seg.count) return view == View.Text ? unchecked(seg.textStart[i + 1]) : unchecked(seg.keyStart[i + 1]);
  return total;
}

/** Source spans (body offsets) of the redact matches. */
function collectSpans(root: AegisRoot, base: usize, f: Findings): Span[] {
  const seg = root.extractor.segments;
  const norm = root.norm;
  const rules = root.rules();
  const spans: Span[] = [];
  for (let m = 0; m < f.matches; m++) {
    const rule = unchecked(f.mRule[m]);
    if (unchecked(rules[rule]).action != Action.Redact) continue;
    const view = unchecked(f.mView[m]);
    let s = unchecked(f.mStart[m]);
    const e = unchecked(f.mEnd[m]);
    const total = view == View.Text ? norm.text.len : norm.key.len;
    // A match may cross strings (keyword view): one span per string it touches.
    while (s < e) {
      const i = segmentAt(seg, view, s);
      if (i < 0) break;
      const segEnd = viewEnd(seg, view, i, total);
      const pe = e < segEnd ? e : segEnd;
      const req = new MapRequest();
      req.view = view;
      req.pos = [s, pe - 1];
      req.wantEnd = [false, true];
      req.out = [0, 0];
      norm.mapPositions(req, base + <usize>unchecked(seg.srcStart[i]), base + <usize>unchecked(seg.srcEnd[i]), true,
        unchecked(seg.textStart[i]), unchecked(seg.keyStart[i]), unchecked(seg.keyState[i]));
      const ss = <i32>(<usize>req.out[0] - base);
      const se = <i32>(<usize>req.out[1] - base);
      if (se > ss) spans.push(new Span(ss, se, rule));
      s = segEnd + 1;
      if (pe >= e) break;
    }
  }
  spans.sort((a: Span, b: Span): i32 => a.start - b.start);
  return spans;
}

/** Rewrites the buffered request body; returns true when something was replaced. */
export function applyRedactions(root: AegisRoot, body: ArrayBuffer, f: Findings, hadContentLength: bool, vault: Vault): bool {
  const base = changetype<usize>(body);
  const spans = collectSpans(root, base, f);
  if (spans.length == 0) return false;
  const rules = root.rules();
  out.reset();
  out.reserve(body.byteLength + 64);
  let at = 0;
  let i = 0;
  while (i < spans.length) {
    let s = spans[i].start;
    let e = spans[i].end;
    const rule = spans[i].rule;
    i++;
    while (i < spans.length && spans[i].start < e) { // merge overlaps
      if (spans[i].end > e) e = spans[i].end;
      i++;
    }
    if (s < at) s = at;
    out.pushBytes(base + <usize>at, s - at);
    const r = rules[rule];
    out.pushString(r.reversible ? vault.label(r.placeholder, base + <usize>s, base + <usize>e) : r.placeholder);
    at = e;
  }
  out.pushBytes(base + <usize>at, body.byteLength - at);
  const nb = out.toArrayBuffer();
  setBuffer(BufferType.RequestBody, 0, <u32>body.byteLength, nb);
  if (hadContentLength) setHeader(MapType.RequestHeaders, "content-length", nb.byteLength.toString());
  return true;
}
