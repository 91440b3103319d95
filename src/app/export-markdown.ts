/**
 * The archive as Markdown that reads on its own: a title naming the channel, then per prompt its date, the
 * prompt quoted, its source and lean, a tally line (and the second look), and the answers as a list.
 */

import { ANONYMOUS } from '../views/anonymous.js';
import { plural } from '../views/text.js';
import type { ArchiveHead, ArchivePrompt } from './export.js';
import type { Totals } from './export-formats.js';
import { secondLookMarkdown } from './export-second-look.js';
import { sourceLinesMd } from './export-source.js';

/** Characters that would start Markdown formatting inside a line (a "#" only matters at its start). */
function mdEscape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/^#/, '\\#');
}

/** Slack's mrkdwn tokens in an answer as plain Markdown: mentions, channels, links. */
export function slackToMarkdown(text: string): string {
  return text.replace(/<([^<>\n]+)>/g, (_all, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    if (/^(https?|mailto):/i.test(target)) return label ? `[${label}](${target})` : `<${target}>`;
    return `<${inner}>`;
  });
}

/** "25 Nov 2025": one formatter for every date of every export (`toLocaleDateString` builds a new one per call). */
const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const DAY_MS = 86_400_000;
/** Day number (UTC) → its text: an archive's answers fall on far fewer days than there are answers. */
const dayTexts = new Map<number, string>();

function mdDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return 'Invalid Date';
  const day = Math.floor(ms / DAY_MS);
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = DAY_FORMAT.format(ms);
    if (dayTexts.size >= 100_000) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

function mdDateTime(iso: string): string {
  return `${mdDate(iso)}, ${iso.slice(11, 16)} UTC`;
}

/** The archive as Markdown (see Writer in export-formats.ts). */
export const MARKDOWN = {
  head(head: ArchiveHead, totals: Totals): string {
    const name = head.channel.name ? `#${head.channel.name}` : head.channel.id;
    return [
      `# Lead vs Manage: the archive of ${name}`,
      '',
      `Exported ${mdDateTime(head.exportedAt)}: ${plural(totals.prompts, 'prompt')} and ${plural(totals.answers, 'answer')}, newest first. ` +
        'Each prompt asked: leadership, management, or both?',
    ].join('\n');
  },
  prompt(p: ArchivePrompt): string {
    const out: string[] = [];
    const text = p.text ?? `(prompt ${p.promptId}, no longer in the library)`;
    const short = text.length > 90 ? `${text.slice(0, 89).trimEnd()}…` : text;
    out.push('', `## ${mdDate(p.postedAt)}: ${mdEscape(short)}`, '', `> ${mdEscape(text)}`, '');
    if (p.source) out.push(...sourceLinesMd(p.source, p.author, mdEscape));
    const t = p.tally;
    const lean = p.teamLean ? `; the team leaned **${p.teamLean}**` : '; no votes';
    const agreed =
      p.agreedWithSource === null ? '' : p.agreedWithSource ? ', as the source did' : ', unlike the source';
    out.push(
      `- **Votes:** Leadership ${t.leadership} · Management ${t.management} · Both ${t.both} (${plural(t.voters, 'voter')})${lean}${agreed}.`,
    );
    out.push(
      ...secondLookMarkdown(p, (ts) => mdDate(new Date(Number(ts.split('.')[0]) * 1000).toISOString())),
    );
    out.push('', `### Answers (${p.answers.length})`, '');
    if (p.answers.length === 0) out.push('_No answers._');
    for (const a of p.answers) {
      const edited = a.editedAt ? ' (edited)' : '';
      const lines = slackToMarkdown(a.text).split(/\r?\n/);
      const [first = '', ...rest] = lines;
      const author = a.user === null ? ANONYMOUS : `@${a.user}`;
      out.push(`- **${author}** · ${mdDateTime(a.at)}${edited}: ${first}`);
      for (const line of rest) out.push(line === '' ? '' : `  ${line}`);
    }
    return `\n${out.join('\n')}`;
  },
  tail: (): string => '\n',
};
