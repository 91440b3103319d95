/** One hand-written prompt for view, export and stats tests; `overrides` changes what a test is about. */
import type { ShippedPrompt } from '../../src/domain/prompts.js';

export function samplePrompt(overrides: Partial<ShippedPrompt> = {}): ShippedPrompt {
  return {
    id: 'obstacle-remover',
    form: 'situation',
    setting: 'software',
    themes: ['clearing-obstacles'],
    text: 'A lead spends the sprint clearing blockers <so> the team can ship & nobody notices.',
    source: {
      document: '000_x.txt',
      title: 'An interview question',
      byline: "A manager's blog post, March 2009",
      credit: 'Grace Hopper',
    },
    view: { leans: 'management', argument: 'Removing obstacles keeps the work flowing.' },
    discuss: 'Would your team call this leadership?',
    file: 'x.yml',
    ...overrides,
  };
}
