/**
 * Wording rules for prompts (`prompts/meta/style-rules.yml`): loaded words, famous names and patterns of
 * rhetorical or leading questions, each with the fields it applies to and the reason the check prints.
 * Pure: src/app/prompt-files.ts reads the file.
 */
import { z } from 'zod';
import type { Prompt } from './prompts.js';
import { describeIssues, readYamlList } from './yaml-entries.js';

const STYLE_FIELDS = ['text', 'discuss', 'argument', 'credit'] as const;
type StyleField = (typeof STYLE_FIELDS)[number];

export interface StyleRule {
  why: string;
  in: readonly StyleField[];
  /** Whole words or phrases and regular expressions, all matched ignoring case. */
  matchers: readonly { label: string; re: RegExp }[];
}

const RuleSchema = z
  .strictObject({
    why: z.string().trim().min(1),
    in: z.array(z.enum(STYLE_FIELDS)).min(1),
    words: z.array(z.string().trim().min(1)).optional(),
    patterns: z.array(z.string().min(1)).optional(),
  })
  .refine((r) => (r.words?.length ?? 0) + (r.patterns?.length ?? 0) > 0, {
    error: 'a rule needs words or patterns',
  });

const ALLOWED = { '': ['why', 'in', 'words', 'patterns'] };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A word or phrase as a whole-word, case-insensitive pattern; spaces match any run of white space. */
function wordPattern(word: string): RegExp {
  const body = word.replaceAll('\u2019', "'").split(/\s+/).map(escapeRe).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}'])${body}(?![\\p{L}\\p{N}'])`, 'iu');
}

export function parseStyleRules(file: string, yamlText: string): { rules: StyleRule[]; problems: string[] } {
  const read = readYamlList(file, yamlText, 'rules', '- why: ...');
  const problems = [...read.problems];
  const rules: StyleRule[] = [];
  (read.items ?? []).forEach((raw, index) => {
    const where = `${file}: rule ${index + 1}`;
    const result = RuleSchema.safeParse(raw, { reportInput: true });
    if (!result.success) {
      for (const reason of describeIssues(result.error.issues, ALLOWED)) problems.push(`${where}: ${reason}`);
      return;
    }
    const matchers: { label: string; re: RegExp }[] = [];
    for (const word of result.data.words ?? []) matchers.push({ label: word, re: wordPattern(word) });
    for (const pattern of result.data.patterns ?? []) {
      try {
        matchers.push({ label: pattern, re: new RegExp(pattern, 'iu') });
      } catch (err) {
        problems.push(
          `${where}: pattern ${JSON.stringify(pattern)} is not a regular expression (${(err as Error).message})`,
        );
      }
    }
    rules.push({ why: result.data.why, in: result.data.in, matchers });
  });
  return { rules, problems };
}

function fieldText(prompt: Prompt, field: StyleField): string {
  switch (field) {
    case 'text':
      return prompt.text;
    case 'discuss':
      return prompt.discuss;
    case 'argument':
      return prompt.view.argument;
    case 'credit':
      return prompt.source.credit ?? '';
  }
}

/** Every rule a prompt breaks, one reason each: `text: "surely": a loaded word that carries a verdict`. */
export function styleProblems(prompt: Prompt, rules: readonly StyleRule[]): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    for (const field of rule.in) {
      const text = fieldText(prompt, field).replaceAll('\u2019', "'");
      for (const m of rule.matchers) {
        const found = m.re.exec(text);
        if (found) problems.push(`${field}: ${JSON.stringify(found[0].trim() || m.label)}: ${rule.why}`);
      }
    }
  }
  return problems;
}
