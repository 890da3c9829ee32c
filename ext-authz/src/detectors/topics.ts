// Banned topics and keywords: every phrase and pattern of a tenant in one RE2 set, matched
// in one linear pass over the prompt text. A match is a finding, never a decision by itself.
import type { Finding } from '../findings.js';
import { compileSafeSet, phraseSource, type SafeRegExpSet } from '../safe-regex.js';

export interface TopicDefinition {
  readonly name: string;
  readonly keywords: readonly string[];
  /** Already checked by the policy loader (compileSafePattern). */
  readonly patterns: readonly string[];
}

export interface TopicScanner {
  scan(text: string): Finding[];
}

export const KEYWORD_RULE = 'authz.keyword.banned';

/** undefined when there is nothing to look for. */
export function compileTopicScanner(topics: readonly TopicDefinition[], keywords: readonly string[]): TopicScanner | undefined {
  const sources: string[] = [];
  const labels: string[] = [];
  for (const topic of topics) {
    for (const k of topic.keywords) add(phraseSource(k), `authz.topic.${topic.name}`);
    for (const p of topic.patterns) add(p, `authz.topic.${topic.name}`);
  }
  for (const k of keywords) add(phraseSource(k), KEYWORD_RULE);
  if (sources.length === 0) return undefined;
  return scanner(compileSafeSet(sources), labels);

  function add(source: string, label: string): void {
    sources.push(source);
    labels.push(label);
  }
}

function scanner(set: SafeRegExpSet, labels: readonly string[]): TopicScanner {
  return {
    scan(text) {
      if (text.length === 0) return [];
      const counts = new Map<string, number>();
      for (const i of set.match(text)) {
        const label = labels[i] ?? KEYWORD_RULE;
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      return [...counts].map(([rule, count]) => ({ detector: rule === KEYWORD_RULE ? 'keyword' : 'topic', rule, action: 'flag', count }));
    },
  };
}
