/**
 * The archive as Markdown that reads on its own: a title naming the channel, then per prompt its date, the
 * prompt quoted, its source and lean, a tally line (and the second look), and the answers as a list.
 */

import { ANONYMOUS } from '../views/anonymous.js';
import { plural } from '../views/text.js';
import type { ChannelArchive } from './export.js';
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

function mdDate(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

function mdDateTime(iso: string): string {
  return `${mdDate(iso)}, ${iso.slice(11, 16)} UTC`;
}

export function toMarkdown(archive: ChannelArchive): string {
  const name = archive.channel.name ? `#${archive.channel.name}` : archive.channel.id;
  const answers = archive.prompts.reduce((n, p) => n + p.answers.length, 0);
  const out: string[] = [
    `# Lead vs Manage: the archive of ${name}`,
    '',
    `Exported ${mdDateTime(archive.exportedAt)}: ${plural(archive.prompts.length, 'prompt')} and ${plural(answers, 'answer')}, newest first. ` +
      'Each prompt asked: leadership, management, or both?',
  ];
  for (const p of archive.prompts) {
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
  }
  return `${out.join('\n')}\n`;
}
