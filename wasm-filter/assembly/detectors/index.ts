// Built-in rules in priority order: when several blocking rules fire, the first one here
// names the reply.
import { Rule } from "../rules";
import { injectionRule } from "./injection";
import { structuralRules } from "./structural";
import { secretRules } from "./secrets";
import { piiRules } from "./pii";

export function builtinRules(): Rule[] {
  let rules: Rule[] = [injectionRule()];
  rules = rules.concat(secretRules());
  rules = rules.concat(piiRules());
  rules = rules.concat(structuralRules());
  return rules;
}
