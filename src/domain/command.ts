/** Parses the text after `/lead-vs-manage` into a sub-command. Plain TypeScript, no Slack. */

export type Command =
  | { kind: 'help' }
  /** `query`: an id or words naming the prompt to post (`now <id or words>`); absent: the rotation's next. */
  | { kind: 'now'; query?: string }
  /** Which prompt the rotation posts next here (an admin may skip it). */
  | { kind: 'next' }
  /** Opens the suggestion form. */
  | { kind: 'suggest' }
  /** Which prompts the rotation draws on: shows it, or (admins) sets it. */
  | { kind: 'library'; mode?: 'own' | 'shipped' | 'both' }
  | { kind: 'results' }
  /** `asked`: set when more than HISTORY_MAX prompts were asked for (the reply says it shows fewer). */
  | { kind: 'history'; limit: number; asked?: number }
  | { kind: 'schedule'; when: string }
  | { kind: 'unschedule' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'export'; format: ExportFormat }
  | { kind: 'stats' }
  /** `anonymous`: say whether the channel allows anonymous answers; `anonymous on|off` (admins) changes it. */
  | { kind: 'anonymous'; on?: boolean }
  /** Let prompts the channel discussed 12 months or more ago come back (then and now), or stop it. */
  | { kind: 'revisit'; on: boolean }
  | { kind: 'unknown'; word: string }
  | { kind: 'invalid'; message: string };

export const EXPORT_FORMATS = ['csv', 'json', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const HISTORY_DEFAULT = 5;
export const HISTORY_MAX = 20;

/** Sub-commands that change a channel's settings: see src/app/settings-access.ts for who may use them. */
export const SETTING_COMMANDS = new Set<Command['kind']>([
  'schedule',
  'unschedule',
  'pause',
  'resume',
  'revisit',
]);

export function parseCommand(text: string): Command {
  const trimmed = text.trim();
  const [head = '', ...rest] = trimmed.split(/\s+/);
  const word = head.toLowerCase();
  const args = rest.join(' ');
  switch (word) {
    case '':
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'now':
    case 'post':
      return args === '' ? { kind: 'now' } : { kind: 'now', query: args.slice(0, 200) };
    case 'next':
      return { kind: 'next' };
    case 'suggest':
      return { kind: 'suggest' };
    case 'library': {
      const mode = args.toLowerCase();
      if (mode === '') return { kind: 'library' };
      if (mode === 'own' || mode === 'shipped' || mode === 'both') return { kind: 'library', mode };
      return {
        kind: 'invalid',
        message: '`library` takes one of `own`, `shipped` or `both` (or nothing, to see which is in use).',
      };
    }
    case 'results':
    case 'result':
      return { kind: 'results' };
    case 'history': {
      if (args === '') return { kind: 'history', limit: HISTORY_DEFAULT };
      const n = Number(args);
      if (!/^\d+$/.test(args) || n < 1) {
        return {
          kind: 'invalid',
          message: `\`history\` takes a number of prompts from 1 to ${HISTORY_MAX}, e.g. \`history ${HISTORY_DEFAULT}\`.`,
        };
      }
      return n > HISTORY_MAX
        ? { kind: 'history', limit: HISTORY_MAX, asked: n }
        : { kind: 'history', limit: n };
    }
    case 'schedule':
      if (args === '') {
        return {
          kind: 'invalid',
          message:
            'Say when, e.g. `schedule mon 09:00`, `schedule weekly friday 16:30 Europe/Paris` or `schedule 0 9 * * 1`.',
        };
      }
      if (args.toLowerCase() === 'off' || args.toLowerCase() === 'none') return { kind: 'unschedule' };
      return { kind: 'schedule', when: args };
    case 'unschedule':
      return { kind: 'unschedule' };
    case 'pause':
      return { kind: 'pause' };
    case 'resume':
      return { kind: 'resume' };
    case 'export': {
      const format = (args || 'csv').toLowerCase();
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
        return {
          kind: 'invalid',
          message: `\`export\` takes one of ${EXPORT_FORMATS.join(', ')} (got "${args}").`,
        };
      }
      return { kind: 'export', format: format as ExportFormat };
    }
    case 'stats':
      return { kind: 'stats' };
    case 'anonymous': {
      const setting = args.toLowerCase();
      if (setting === '') return { kind: 'anonymous' };
      if (setting === 'on' || setting === 'off') return { kind: 'anonymous', on: setting === 'on' };
      return {
        kind: 'invalid',
        message:
          '`anonymous` takes `on` or `off`, e.g. `anonymous off`; on its own it says which it is here.',
      };
    }
    case 'revisit':
    case 'revisits': {
      const word = args.toLowerCase();
      if (word !== 'on' && word !== 'off') {
        return {
          kind: 'invalid',
          message:
            'Say `revisit on` to let prompts this channel discussed 12 months or more ago come back, with then and now side by side, or `revisit off` to stop it.',
        };
      }
      return { kind: 'revisit', on: word === 'on' };
    }
    default:
      // At most 40 UTF-16 units, never ending in half of an emoji.
      return { kind: 'unknown', word: head.slice(0, 40).replace(/[\uD800-\uDBFF]$/, '') };
  }
}
