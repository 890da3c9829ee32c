// The embedded default policy, used when AEGIS_POLICY_FILE is unset. It goes through the
// same schema and compiler as a policy file. Together with the filter's default config it
// implements DESIGN.md's defaults: the filter blocks clear prompt injection and secrets
// itself and redacts PII; the service denies whatever injection or secret findings reach
// it (block or flag), and keeps every tenant to the usual chat and embedding models.
export const DEFAULT_POLICY_YAML = `\
version: 1

defaults:
  models: &chat_models
    - gpt-4o-mini
    - gpt-4o
    - gpt-4.1
    - gpt-4.1-mini
    - gpt-4.1-nano
    - o3-mini
    - o4-mini
    - gpt-3.5-turbo
    - claude-3-5-sonnet-latest
    - claude-3-5-haiku-latest
    - claude-sonnet-4-0
    - claude-opus-4-0
    - gemini-1.5-flash
    - gemini-2.0-flash
    - gemini-2.5-flash
    - gemini-2.5-pro
    - text-embedding-3-small
    - text-embedding-3-large

tenants:
  demo:
    models: *chat_models

rules:
  - name: deny_prompt_injection
    description: Prompt injection or jailbreak attempt, reported by the filter (filter.injection.*) or by the service's detector (authz.injection.*).
    action: deny
    message: "Request blocked by policy: prompt injection detected"
    when:
      findings: { detectors: [injection], actions: [block, flag] }

  - name: deny_secrets
    description: API key, cloud credential or private key in the prompt, reported by the filter.
    action: deny
    message: "Request blocked by policy: secret detected in the prompt"
    when:
      findings: { detectors: [secret], actions: [block, flag] }

  - name: flag_findings_overflow
    description: More findings than the filter's header can carry; let it through, marked for review.
    action: flag
    when:
      findings: { detectors: [overflow] }

  # The service's own detectors find nothing until a tenant (or defaults) configures
  # banned_topics, banned_keywords or tools; then these rules act on what they find.
  - name: deny_banned_topics
    description: A banned topic or keyword of the tenant in the prompt.
    action: deny
    message: "Request blocked by policy: banned topic"
    when:
      findings: { detectors: [topic, keyword] }

  - name: deny_tool_use
    description: A tool outside the tenant's allowlist, or a function call whose arguments match a banned pattern.
    action: deny
    message: "Request blocked by policy: tool or function call not allowed"
    when:
      findings: { detectors: [tool] }
`;
