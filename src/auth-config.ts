/**
 * The Slack credentials and the mode they choose, checked with the rest of the configuration (src/config.ts):
 * - one workspace: SLACK_BOT_TOKEN, the workspace's own bot token;
 * - distribution (SLACK_CLIENT_ID set): installs in many workspaces through OAuth, each workspace's bot token
 *   stored sealed in PostgreSQL; needs SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, TOKEN_ENCRYPTION_KEY and
 *   DATABASE_URL, and HTTP mode.
 * Problems name the variable and what is expected; no value of a secret is ever echoed.
 */
import { z } from 'zod';
import { type KeyRing, parseKeyRing } from './store/token-crypto.js';

interface SingleWorkspaceAuth {
  readonly mode: 'single';
  readonly botToken: string;
}

export interface DistributionAuth {
  readonly mode: 'distribution';
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  /** Seals each workspace's bot token; the first key seals, every key opens. */
  readonly tokenKeys: KeyRing;
}

export type SlackAuth = SingleWorkspaceAuth | DistributionAuth;

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = (s: z.ZodType<string>) => z.preprocess(blankIsUnset, s.optional());

/** The variables of both modes, spread into the configuration's schema. */
export const AUTH_FIELDS = {
  SLACK_BOT_TOKEN: optional(
    z
      .string()
      .trim()
      .refine(
        (v) => v.startsWith('xoxb-'),
        'expected a token starting with xoxb- (the Bot User OAuth Token from "OAuth & Permissions")',
      ),
  ),
  SLACK_CLIENT_ID: optional(
    z
      .string()
      .trim()
      .regex(/^\d+\.\d+$/, 'expected the Client ID from "Basic Information" (digits, a dot, digits)'),
  ),
  SLACK_CLIENT_SECRET: optional(
    z
      .string()
      .trim()
      .regex(/^[0-9a-f]{16,}$/i, 'expected the hex Client Secret from "Basic Information"'),
  ),
  SLACK_STATE_SECRET: optional(
    z
      .string()
      .trim()
      .min(32, 'expected at least 32 random characters (for example from `openssl rand -hex 32`)'),
  ),
  TOKEN_ENCRYPTION_KEY: optional(z.string()).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const parsed = parseKeyRing(v);
    if (parsed.ok) return parsed.ring;
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  }),
};

type Env = Readonly<Record<string, string | undefined>>;
const isSet = (env: Env, name: string) => (env[name] ?? '').trim() !== '';

const WITH_CLIENT_ID = 'with SLACK_CLIENT_ID (installs in many workspaces)';

/** Problems of the combination (each variable alone is checked by AUTH_FIELDS), in a fixed order. */
export function authProblems(env: Env): string[] {
  if (!isSet(env, 'SLACK_CLIENT_ID')) {
    const problems = isSet(env, 'SLACK_BOT_TOKEN')
      ? []
      : [
          'SLACK_BOT_TOKEN: required: the Bot User OAuth Token from "OAuth & Permissions" (or SLACK_CLIENT_ID, to install in many workspaces)',
        ];
    for (const name of ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'TOKEN_ENCRYPTION_KEY']) {
      if (isSet(env, name))
        problems.push(`${name}: only used ${WITH_CLIENT_ID}; set SLACK_CLIENT_ID too, or remove it`);
    }
    return problems;
  }
  const required: [string, string][] = [
    ['SLACK_CLIENT_SECRET', 'the Client Secret from "Basic Information"'],
    [
      'SLACK_STATE_SECRET',
      'at least 32 random characters that sign the OAuth state (`openssl rand -hex 32`)',
    ],
    [
      'TOKEN_ENCRYPTION_KEY',
      "the key that seals each workspace's bot token, as id:key (node -e \"console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))\")",
    ],
    [
      'DATABASE_URL',
      'installations and their sealed tokens are kept in PostgreSQL (the file store serves one workspace, with SLACK_BOT_TOKEN)',
    ],
  ];
  const problems = required
    .filter(([name]) => !isSet(env, name))
    .map(([name, what]) => `${name}: required ${WITH_CLIENT_ID}: ${what}`);
  if (isSet(env, 'SLACK_BOT_TOKEN'))
    problems.push(
      "SLACK_BOT_TOKEN: leave it unset with SLACK_CLIENT_ID: each workspace's bot token comes from its installation",
    );
  if (isSet(env, 'SLACK_APP_TOKEN'))
    problems.push(
      'SLACK_APP_TOKEN: Socket Mode cannot be used with SLACK_CLIENT_ID: installing through OAuth needs HTTP mode (Slack must reach /slack/install, /slack/oauth_redirect and /slack/events)',
    );
  if (isSet(env, 'PROMPT_CHANNEL'))
    problems.push(
      'PROMPT_CHANNEL: only for one workspace (SLACK_BOT_TOKEN): with SLACK_CLIENT_ID each workspace sets its schedules with `/lead-vs-manage schedule`',
    );
  return problems;
}

/** The mode, from values AUTH_FIELDS accepted and authProblems found consistent. */
export function authOf(e: {
  SLACK_BOT_TOKEN?: string;
  SLACK_CLIENT_ID?: string;
  SLACK_CLIENT_SECRET?: string;
  SLACK_STATE_SECRET?: string;
  TOKEN_ENCRYPTION_KEY?: KeyRing;
}): SlackAuth {
  if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET && e.TOKEN_ENCRYPTION_KEY) {
    return Object.freeze({
      mode: 'distribution',
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
      tokenKeys: e.TOKEN_ENCRYPTION_KEY,
    });
  }
  if (e.SLACK_BOT_TOKEN) return Object.freeze({ mode: 'single', botToken: e.SLACK_BOT_TOKEN });
  throw new Error('authOf: the configuration was not checked with authProblems');
}

/** The values of these settings the logger must never print. */
export function authSecrets(auth: SlackAuth): string[] {
  if (auth.mode === 'single') return [auth.botToken];
  return [auth.clientSecret, auth.stateSecret, ...auth.tokenKeys.secrets];
}
