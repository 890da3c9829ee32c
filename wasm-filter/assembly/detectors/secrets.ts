// Secrets in known formats (filter.secret.*). Default action block: a prompt carrying a
// credential never leaves. Patterns run on the text view (case kept, escapes decoded).
import { Rule, Detector, Action, View, Validator } from "../rules";

function secret(id: string, placeholder: string, patterns: string[], maxMatch: i32 = 512): Rule {
  const r = new Rule();
  r.id = "filter.secret." + id;
  r.detector = Detector.Secret;
  r.action = Action.Block;
  r.view = View.Text;
  r.isRegex = true;
  r.patterns = patterns;
  r.placeholder = placeholder;
  r.message = "secret detected (" + id + ")";
  r.maxMatch = maxMatch;
  r.validator = Validator.None;
  return r;
}

export function secretRules(): Rule[] {
  return [
    secret("private_key", "[PRIVATE_KEY]", [
      "-----BEGIN [A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=:, -]*-----END [A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----)?",
    ], 16384),
    secret("anthropic_key", "[ANTHROPIC_KEY]", ["(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat)[0-9]{2}-[A-Za-z0-9_-]{20,}"]),
    secret("openai_key", "[OPENAI_KEY]", [
      "(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}",
      "(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])",
    ]),
    secret("aws_access_key", "[AWS_KEY]", ["(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])"]),
    secret("github_token", "[GITHUB_TOKEN]", [
      "(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?![A-Za-z0-9])",
      "(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9])",
    ]),
    secret("slack_token", "[SLACK_TOKEN]", [
      "(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}",
      "https://hooks\\.slack\\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}",
    ]),
    secret("google_api_key", "[GOOGLE_API_KEY]", ["(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"]),
    secret("stripe_key", "[STRIPE_KEY]", ["(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}"]),
    secret("jwt", "[JWT]", ["(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"], 8192),
  ];
}
