// Personal data (filter.pii.*). Default action redact: the value is replaced in the
// forwarded body by a typed placeholder. Digit rules require no digit right before or after,
// so "010-1234-5678로" (a number then a Korean particle) is found, "12010-1234-56789" is not.
import { Rule, Detector, Action, View, Validator } from "../rules";

function pii(id: string, placeholder: string, patterns: string[], validator: Validator, maxMatch: i32 = 64): Rule {
  const r = new Rule();
  r.id = "filter.pii." + id;
  r.detector = Detector.Pii;
  r.action = Action.Redact;
  r.view = View.Text;
  r.isRegex = true;
  r.patterns = patterns;
  r.placeholder = placeholder;
  r.message = "personal data detected (" + id + ")";
  r.validator = validator;
  r.maxMatch = maxMatch;
  return r;
}

export function piiRules(): Rule[] {
  return [
    pii("email", "[EMAIL]", ["[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"], Validator.None, 320),
    pii("kr_rrn", "[KR_RRN]", ["(?<![0-9])[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[ -]?[0-9]{7}(?![0-9])"], Validator.KrRrn),
    pii("card", "[CARD]", ["(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])"], Validator.Luhn),
    pii("kr_phone", "[PHONE]", [
      "(?<![0-9+])01[016789][ .-]?[0-9]{3,4}[ .-]?[0-9]{4}(?![0-9])",
      "(?<![0-9+])0(?:2|[3-6][1-5])[ .)-]?[0-9]{3,4}[ .-]?[0-9]{4}(?![0-9])",
      "(?<![0-9])\\+82[ .-]?(?:0?1[016789]|0?2|0?[3-6][1-5])[ .-]?[0-9]{3,4}[ .-]?[0-9]{4}(?![0-9])",
    ], Validator.None),
    pii("phone", "[PHONE]", [
      "(?<![0-9])(?:\\+1[ .-]?)?(?:\\([2-9][0-9]{2}\\)|[2-9][0-9]{2})[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}(?![0-9])",
      "(?<![0-9])\\+(?:[2-9][0-9]{0,2})[ .-]?[0-9]{1,4}(?:[ .-]?[0-9]{2,4}){2,4}(?![0-9])",
    ], Validator.None),
    pii("us_ssn", "[SSN]", ["(?<![0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9])"], Validator.UsSsn),
    pii("iban", "[IBAN]", ["(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"], Validator.Iban),
  ];
}
