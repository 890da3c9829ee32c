// The rule model shared by detectors, the scan engine, actions and metrics.

export const enum Action { Block = 0, Redact = 1, Flag = 2, Log = 3 }
export const enum Detector { Injection = 0, Pii = 1, Secret = 2, Header = 3, Body = 4 }
/** Which normalised view a rule's patterns run on (see text/normalise.ts). */
export const enum View { Text = 0, Keyword = 1 }
/** Post-match validators of built-in detectors. */
export const enum Validator { None = 0, Luhn = 1, Iban = 2, KrRrn = 3, UsSsn = 4, Jwt = 5, KrPhone = 6, Email = 7 }

export function actionName(a: Action): string {
  switch (a) {
    case Action.Block: return "block";
    case Action.Redact: return "redact";
    case Action.Flag: return "flag";
    default: return "log";
  }
}

export function parseAction(s: string): i32 {
  if (s == "block") return Action.Block;
  if (s == "redact") return Action.Redact;
  if (s == "flag") return Action.Flag;
  if (s == "log") return Action.Log;
  return -1;
}

export function detectorName(d: Detector): string {
  switch (d) {
    case Detector.Injection: return "injection";
    case Detector.Pii: return "pii";
    case Detector.Secret: return "secret";
    case Detector.Header: return "header";
    default: return "body";
  }
}

export function parseDetector(s: string): i32 {
  if (s == "injection") return Detector.Injection;
  if (s == "pii") return Detector.Pii;
  if (s == "secret") return Detector.Secret;
  if (s == "header") return Detector.Header;
  if (s == "body") return Detector.Body;
  return -1;
}

export class Rule {
  index: i32 = 0;
  id: string = "";
  detector: Detector = Detector.Body;
  action: Action = Action.Block;
  enabled: bool = true;
  view: View = View.Text;
  /** Literal keyword patterns (keyword view) or regular expressions (text view). */
  patterns: string[] = [];
  isRegex: bool = false;
  validator: Validator = Validator.None;
  placeholder: string = "[REDACTED]";
  /** Reversible redaction: numbered placeholders ([EMAIL_1]) restored in the answer. */
  reversible: bool = false;
  /** On the answer: end the stream with an error event instead of redacting (response_action end_stream). */
  endStream: bool = false;
  /** Human text for block replies ("prompt injection detected"). */
  message: string = "";
  /** Longest match kept, in view bytes; bounds the work of finding a match's start. */
  maxMatch: i32 = 256;
  /** HTTP status of a block reply. */
  status: i32 = 403;
  /** A request-shape rule without patterns (detectors/structural.ts). */
  structural: bool = false;
  /** A header deny rule: its pattern runs on one header value, never on the body. */
  header: string = "";
}

/** A rule id is lower-case dot-separated: [a-z0-9_.-]+, starting with "filter.". */
export function validRuleId(id: string): bool {
  if (id.length < 8 || id.length > 96 || !id.startsWith("filter.")) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x5f || c == 0x2e || c == 0x2d;
    if (!ok) return false;
  }
  return true;
}
