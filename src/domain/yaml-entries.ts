/**
 * Shared by the YAML files the library is made of (prompt files, the document registry): reading a file as
 * a list of entries, and turning zod's issues into one readable reason each. Pure: the text is passed in.
 */
import YAML from 'yaml';
import type { z } from 'zod';

/** A short, readable rendering of a YAML value for "(got ...)" in messages. */
function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

/**
 * One zod issue as readable reasons (one per line; an unknown-keys issue gives one line per key).
 * `allowed` lists the fields allowed at each level (key '' for the top), for "unknown field" hints.
 */
export function describeIssue(issue: z.core.$ZodIssue, allowed: Record<string, readonly string[]>): string[] {
  const field = issue.path.map(String).join('.');
  const input = (issue as { input?: unknown }).input;
  if (
    input === undefined &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
    field !== ''
  ) {
    return [`${field} is missing`];
  }
  switch (issue.code) {
    case 'invalid_type': {
      const names: Record<string, string> = { object: 'a mapping', array: 'a list' };
      const expected = names[issue.expected] ?? `a ${issue.expected}`;
      if (field === '') return [`entry must be a mapping of fields (got ${describeValue(input)})`];
      if (input === null) return [`${field} has no value (expected ${expected})`];
      return [`${field} must be ${expected} (got ${describeValue(input)})`];
    }
    case 'unrecognized_keys': {
      const fields = allowed[field];
      const hint = fields ? ` (allowed: ${fields.join(', ')})` : '';
      return issue.keys.map((key) => `unknown field "${field ? `${field}.${key}` : key}"${hint}`);
    }
    case 'invalid_value':
      return [`${field} must be one of ${issue.values.map(String).join(', ')} (got ${describeValue(input)})`];
    case 'too_small':
      if (Array.isArray(input)) return [`${field} ${issue.message}`];
      return [`${field} must not be empty`];
    case 'too_big': {
      if (Array.isArray(input)) return [`${field} ${issue.message} (got ${input.length})`];
      const length = typeof input === 'string' ? input.length : undefined;
      return [`${field} must be at most ${String(issue.maximum)} characters (got ${length ?? 'more'})`];
    }
    case 'custom':
      return [`${field || 'entry'} ${issue.message}`];
    default:
      return [`${field || 'entry'} ${issue.message} (got ${describeValue(input)})`];
  }
}

/**
 * Every issue of one entry as readable reasons. zod still runs a field's size checks on a value of the wrong
 * type (a string where a list belongs): the type issue says all there is, so the others on that field go.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  allowed: Record<string, readonly string[]>,
): string[] {
  const mistyped = new Set(issues.filter((i) => i.code === 'invalid_type').map((i) => i.path.join('.')));
  return issues
    .filter((i) => i.code === 'invalid_type' || !mistyped.has(i.path.join('.')))
    .flatMap((i) => describeIssue(i, allowed));
}

/** The first line of a yaml error message, without the position suffix the library appends. */
function yamlReason(error: YAML.YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') {
    return 'the file holds more than one YAML document (remove the "---" separator)';
  }
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '');
}

/**
 * Parses `yamlText` as a non-empty list. `what` names the entries in messages ("prompts"), `example` shows
 * how one starts ("- id: ..."). On any problem `items` is undefined and `problems` says why, one line each,
 * prefixed with `file`.
 */
export function readYamlList(
  file: string,
  yamlText: string,
  what: string,
  example: string,
): { items: unknown[] | undefined; problems: string[] } {
  const doc = YAML.parseDocument(yamlText, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const pos = error.linePos?.[0];
      const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      return `${file}: YAML syntax error${where}: ${yamlReason(error)}`;
    });
    return { items: undefined, problems };
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    return { items: undefined, problems: [`${file}: file is empty (expected a list of ${what})`] };
  }
  if (!Array.isArray(data)) {
    return {
      items: undefined,
      problems: [
        `${file}: file must be a list of ${what} ("${example}" entries), got ${describeValue(data)}`,
      ],
    };
  }
  if (data.length === 0) {
    return { items: undefined, problems: [`${file}: file has no ${what} (the list is empty)`] };
  }
  return { items: data, problems: [] };
}

/** A mapping's field, or undefined when `raw` is not a mapping. */
export function rawField(raw: unknown, key: string): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  return (raw as Record<string, unknown>)[key];
}
