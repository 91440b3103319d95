/**
 * How a workspace's own prompt shows where the shipped library's shows its document: the posted prompt says
 * only that it comes from the team's library (nothing about its source, author or lean before the close);
 * the close reveals the source (title, link, who said it), what it argued and where it came down, and who
 * suggested or imported the prompt. Pure builders.
 */
import type { types } from '@slack/bolt';
import { isDocumentSource, type Prompt, type TeamSource } from '../domain/prompts.js';
import { escapeMrkdwn } from './text.js';

export const FROM_TEAM_LIBRARY = ":seedling: From your team's own library";

/** The context line under a posted own prompt (nothing that gives the answer away). */
export function ownPromptContext(prompt: Prompt): types.KnownBlock[] {
  if (isDocumentSource(prompt.source)) return [];
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: FROM_TEAM_LIBRARY }] }];
}

/** A link Slack shows as its title (or as itself); the title alone when there is no link. */
function titled(source: TeamSource): string | undefined {
  const title = source.title ? `_${escapeMrkdwn(source.title)}_` : undefined;
  if (!source.link) return title;
  return `<${escapeMrkdwn(source.link)}|${title ?? escapeMrkdwn(source.link)}>`;
}

/** "suggested by <@U1>", "imported by <@U1>", or "imported" when nobody was named. */
function addedBy(prompt: Prompt): string {
  const how = prompt.file ? 'imported' : 'suggested';
  return prompt.author ? `${how} by <@${prompt.author}>` : how;
}

/** The close's reveal for an own prompt: source, who said it, the argument, the lean, who added it. */
export function revealOwn(prompt: Prompt, source: TeamSource): string {
  const { view } = prompt;
  const where = titled(source);
  const lines = [
    where ? `*The source:* ${where}` : "*The source:* none named: this prompt is your team's own.",
  ];
  if (source.credit) lines.push(`*Who said it:* ${escapeMrkdwn(source.credit)}`);
  if (view.argument) lines.push(`*What they argued:* ${escapeMrkdwn(view.argument)}`);
  if (view.leans !== 'none') lines.push(`*Where they came down:* *${view.leans}*.`);
  else if (view.argument)
    lines.push("*Where they came down:* they didn't say whether it is leadership, management or both.");
  else lines.push('*Where they came down:* not given, so this one is yours to settle.');
  lines.push(`_From your team's own library, ${addedBy(prompt)}._`);
  return lines.join('\n');
}
