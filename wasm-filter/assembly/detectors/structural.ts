// Rules about the shape of a request rather than its text: header limits and policy, body
// size, encoding, content type and JSON validity. They have no patterns; the stream checks
// them directly. Their action can be overridden like any rule (block replies with the status
// below; flag or log lets the request through with a finding; enabled:false skips the check).
import { Rule, Detector, Action } from "../rules";

export const HEADER_TOO_LARGE = "filter.header.too_large";
export const METHOD_NOT_ALLOWED = "filter.header.method_not_allowed";
export const PATH_NOT_ALLOWED = "filter.header.path_not_allowed";
export const REQUIRED_MISSING = "filter.header.required_missing";
export const BODY_TOO_LARGE = "filter.body.too_large";
export const UNSUPPORTED_ENCODING = "filter.body.unsupported_encoding";
export const CONTENT_TYPE = "filter.body.content_type";
export const MALFORMED_JSON = "filter.body.malformed_json";
export const INVALID_UTF8 = "filter.body.invalid_utf8";
export const TOO_DEEP = "filter.body.too_deep";
export const TOO_MANY_MATCHES = "filter.body.too_many_matches";

function rule(id: string, detector: Detector, status: i32, message: string): Rule {
  const r = new Rule();
  r.id = id;
  r.detector = detector;
  r.action = Action.Block;
  r.status = status;
  r.message = message;
  r.structural = true;
  return r;
}

export function structuralRules(): Rule[] {
  return [
    rule(HEADER_TOO_LARGE, Detector.Header, 431, "request headers too large"),
    rule(METHOD_NOT_ALLOWED, Detector.Header, 405, "method not allowed"),
    rule(PATH_NOT_ALLOWED, Detector.Header, 403, "path not allowed"),
    rule(REQUIRED_MISSING, Detector.Header, 400, "a required header is missing"),
    rule(UNSUPPORTED_ENCODING, Detector.Body, 415, "request body content-encoding cannot be inspected"),
    rule(CONTENT_TYPE, Detector.Body, 415, "request body must be application/json"),
    rule(BODY_TOO_LARGE, Detector.Body, 413, "request body too large"),
    rule(MALFORMED_JSON, Detector.Body, 400, "request body is not valid JSON"),
    rule(INVALID_UTF8, Detector.Body, 400, "request body is not valid UTF-8"),
    rule(TOO_DEEP, Detector.Body, 400, "request body JSON nesting too deep"),
    rule(TOO_MANY_MATCHES, Detector.Body, 400, "request body has too many findings to redact"),
  ];
}
