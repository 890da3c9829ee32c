// Server-sent events, rewritten event by event. Bytes are collected until an event is
// complete (a blank line, however the chunks split it); the event's `data:` JSON is walked
// for the answer text (json-walk.ts), the decoded text joins its channel's hold-back
// (holdback.ts), and the event goes on carrying exactly the text released now: less or more
// than it came with, an empty string included, always a valid JSON string. When a document
// ends a channel's text (finish_reason, content_block_stop, [DONE]) or the stream ends, what is
// held is released in an extra event built from that channel's last text event.
import { ByteBuf } from "../text/byte-buf";
import { OutputRules, Pending, release } from "./holdback";
import { walkDoc } from "./json-walk";
import { Vault } from "./vault";
import { Shape, errorBody } from "../local-reply";
import { decodeJsonString, escapeJsonString } from "./json-string";

const MAX_CHANNELS = 16;
const DONE = String.UTF8.encode("[DONE]");

class Channel {
  pend: Pending = new Pending();
  /** The last text event around its text: bytes before and after the string body. */
  prefix: ByteBuf = new ByteBuf();
  suffix: ByteBuf = new ByteBuf();
}

export class SseRewriter {
  private input: ByteBuf = new ByteBuf();
  /** Where the search for the end of the current event resumes. */
  private scanned: i32 = 0;
  private channels: Channel[] = [];
  private text: ByteBuf = new ByteBuf();
  out: ByteBuf = new ByteBuf();
  /** Redactions per rule index, for metrics and logs. */
  hits: i32[] = [];
  redactions: i32 = 0;
  /** Set once a response_action end_stream rule matched: its index; nothing more is sent. */
  stopped: i32 = -1;
  shape: Shape = Shape.OpenAi;
  requestId: string = "";

  constructor(private rules: OutputRules, private vault: Vault | null = null) {}

  /** Most text held by one channel, for tests of the bound. */
  held(): i32 {
    let m = 0;
    for (let i = 0; i < this.channels.length; i++) if (this.channels[i].pend.held() > m) m = this.channels[i].pend.held();
    return m;
  }

  /** Feeds a chunk; returns the bytes to send on in its place. */
  feed(p: usize, n: i32, eos: bool): ArrayBuffer {
    this.out.reset();
    this.input.pushBytes(p, n);
    let start = 0;
    let i = this.scanned > 0 ? this.scanned : 0;
    const base = this.input.ptr;
    const len = this.input.len;
    while (i < len) {
      const b = load<u8>(base + <usize>i);
      let end = -1;
      if (b == 0x0a) {
        if (i + 1 < len && load<u8>(base + <usize>(i + 1)) == 0x0a) end = i + 2;
        else if (i + 2 < len && load<u8>(base + <usize>(i + 1)) == 0x0d && load<u8>(base + <usize>(i + 2)) == 0x0a) end = i + 3;
      } else if (b == 0x0d && i + 1 < len && load<u8>(base + <usize>(i + 1)) == 0x0d) end = i + 2;
      if (end < 0) { i++; continue; }
      this.event(base + <usize>start, end - start);
      start = end;
      i = end;
    }
    if (eos) {
      if (len > start) this.event(base + <usize>start, len - start);
      this.flushAll();
      this.input.reset();
      this.scanned = 0;
    } else {
      const rest = len - start;
      if (start > 0) memory.copy(base, base + <usize>start, <usize>rest);
      this.input.len = rest;
      this.scanned = rest > 2 ? rest - 2 : 0;
    }
    return this.out.toArrayBuffer();
  }

  private channel(k: i32): Channel {
    if (k < 0 || k >= MAX_CHANNELS) k = MAX_CHANNELS - 1;
    while (this.channels.length <= k) this.channels.push(new Channel());
    return this.channels[k];
  }

  private event(p: usize, n: i32): void {
    if (this.stopped >= 0) return;
    // The first data line: "data:" then an optional space.
    let ls = 0;
    let ds = -1;
    let de = -1;
    while (ls < n) {
      let le = ls;
      while (le < n && load<u8>(p + <usize>le) != 0x0a && load<u8>(p + <usize>le) != 0x0d) le++;
      if (le - ls >= 5 && load<u32>(p + <usize>ls) == 0x61746164 && load<u8>(p + <usize>ls + 4) == 0x3a) {
        ds = ls + 5;
        if (ds < le && load<u8>(p + <usize>ds) == 0x20) ds++;
        de = le;
        break;
      }
      ls = le + 1;
    }
    if (ds < 0) { this.out.pushBytes(p, n); return; }
    if (de - ds == 6 && memory.compare(p + <usize>ds, changetype<usize>(DONE), 6) == 0) {
      this.flushAll();
      this.out.pushBytes(p, n);
      return;
    }
    const doc = walkDoc(p + <usize>ds, de - ds);
    if (!doc.ok || doc.texts.length == 0) {
      if (doc.ends) this.flushAll();
      this.out.pushBytes(p, n);
      return;
    }
    const ch = this.channel(doc.channel);
    const s = ds + doc.texts[0];
    const e = ds + doc.texts[1];
    decodeJsonString(p + <usize>s, p + <usize>e, ch.pend.buf);
    const t = this.text;
    t.reset();
    this.redactions += release(this.rules, ch.pend, doc.ends, t, this.hits, this.vault);
    this.out.pushBytes(p, s);
    escapeJsonString(t.ptr, t.len, this.out);
    this.out.pushBytes(p + <usize>e, n - e);
    if (this.checkStop(ch)) return;
    ch.prefix.reset();
    ch.prefix.pushBytes(p, s);
    ch.suffix.reset();
    ch.suffix.pushBytes(p + <usize>e, n - e);
    if (doc.ends) this.flushAll();
  }

  /** Releases every channel's held text in extra events. */
  private flushAll(): void {
    for (let i = 0; i < this.channels.length && this.stopped < 0; i++) {
      const ch = this.channels[i];
      if (ch.pend.held() == 0) continue;
      const t = this.text;
      t.reset();
      this.redactions += release(this.rules, ch.pend, true, t, this.hits, this.vault);
      if (ch.prefix.len == 0) continue;
      this.out.pushBytes(ch.prefix.ptr, ch.prefix.len);
      escapeJsonString(t.ptr, t.len, this.out);
      this.out.pushBytes(ch.suffix.ptr, ch.suffix.len);
      this.checkStop(ch);
    }
  }

  /** After a channel's release: when a rule ended the stream, the provider's error event. */
  private checkStop(ch: Channel): bool {
    const rule = ch.pend.stopRule;
    if (rule < 0) return false;
    this.stopped = rule;
    const r = this.rules.rules[rule];
    const body = errorBody(this.shape, 403, r.id, "Response stopped by policy: " + r.message, this.requestId);
    if (this.shape == Shape.Anthropic) this.out.pushString("event: error\ndata: " + body + "\n\n");
    else if (this.shape == Shape.Google) this.out.pushString("data: " + body + "\n\n");
    else this.out.pushString("data: " + body + "\n\ndata: [DONE]\n\n");
    return true;
  }
}
