/**
 * Reads and checks every setting once, at start-up. Every problem is reported at once, one line each,
 * naming the variable and what is expected. Secret values are never echoed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { AUTH_FIELDS, authOf, authProblems, authSecrets, type SlackAuth } from './auth-config.js';
import { DEFAULT_MIN_VOTERS } from './domain/privacy.js';
import { DEFAULT_REVISIT_EVERY } from './domain/revisit.js';
import { validateCron } from './domain/schedule/cron.js';
import { DEFAULT_CRON } from './domain/schedule/slots.js';
import { isValidTimeZone } from './domain/schedule/zone.js';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type LogLevelName = (typeof LOG_LEVELS)[number];

export interface Config {
  /** One workspace (SLACK_BOT_TOKEN), or installs in many through OAuth (SLACK_CLIENT_ID and the rest). */
  readonly auth: SlackAuth;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  /** True when SLACK_APP_TOKEN is set: events arrive over a WebSocket instead of HTTP. */
  readonly socketMode: boolean;
  readonly port: number;
  readonly host: string | undefined;
  readonly slackApiUrl: string | undefined;
  readonly dbFile: string;
  /** Set: the store is this PostgreSQL database instead of DB_FILE. Holds a password: a secret. */
  readonly databaseUrl: string | undefined;
  readonly promptChannel: string | undefined;
  readonly promptCron: string;
  readonly promptTz: string;
  readonly catchupMs: number;
  readonly closeAfterMs: number;
  /** A schedule set from Slack may not post more often than this (MIN_SCHEDULE_INTERVAL). */
  readonly minScheduleIntervalMs: number;
  /** `now` waits this long after a channel's latest prompt (PROMPT_NOW_COOLDOWN); 0 turns it off. */
  readonly nowCooldownMs: number;
  /** The week-close summary is also sent to the channel (PROMPT_CLOSE_BROADCAST). */
  readonly closeBroadcast: boolean;
  /** At most one post in this many brings back a prompt discussed a year ago (PROMPT_REVISIT_EVERY). */
  readonly revisitEvery: number;
  /** A tally of fewer voters is shown as "fewer than N voters" (TALLY_MIN_VOTERS); 1 shows every tally. */
  readonly tallyMinVoters: number;
  readonly adminUserIds: readonly string[];
  readonly logLevel: LogLevelName;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const HOUR = 3_600_000;
const DURATION_UNITS = { s: 1000, m: 60_000, h: HOUR, d: 24 * HOUR } as const;

/** "90m", "6h", "2d", "30s" → milliseconds; a bare "0" is zero. */
export function parseDuration(text: string): number | undefined {
  if (text.trim() === '0') return 0;
  const m = /^(\d+)\s*([smhd])$/i.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * DURATION_UNITS[(m[2] ?? 's').toLowerCase() as keyof typeof DURATION_UNITS];
}

const optional = (s: z.ZodType<string>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), s.optional());

const duration = (fallback: string) =>
  optional(z.string())
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v ?? fallback);
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a duration like 30m, 6h or 2d, or 0 (got "${v}")`,
        });
        return z.NEVER;
      }
      return ms;
    });

const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  on: true,
  1: true,
  false: false,
  no: false,
  off: false,
  0: false,
};

const flag = (fallback: boolean) =>
  optional(z.string()).transform((v, ctx) => {
    if (v === undefined) return fallback;
    const value = BOOLEANS[v.trim().toLowerCase()];
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected true or false (got "${v}")` });
      return z.NEVER;
    }
    return value;
  });

/** A whole number of at least `min` ("4"); `fallback` when unset. */
const count = (fallback: number, min: number, example: string) =>
  optional(z.string()).transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v.trim());
    if (!/^\d+$/.test(v.trim()) || n < min || !Number.isSafeInteger(n)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a whole number of ${min} or more, e.g. ${example} (got "${v}")`,
      });
      return z.NEVER;
    }
    return n;
  });

const EnvSchema = z.object({
  // SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and the other settings of distribution (src/auth-config.ts). An empty value
  // (`SLACK_BOT_TOKEN=` in a fresh copy of .env.example) is missing: one "required" line, not two.
  ...AUTH_FIELDS,
  SLACK_SIGNING_SECRET: optional(
    z.string().regex(/^[0-9a-f]{16,}$/i, 'expected the hex Signing Secret from "Basic Information"'),
  ),
  SLACK_APP_TOKEN: optional(
    z
      .string()
      .refine((v) => v.startsWith('xapp-'), 'expected an app-level token starting with xapp- (Socket Mode)'),
  ),
  PORT: optional(z.string())
    .default('3000')
    .transform((v, ctx) => {
      const n = Number(v);
      if (!/^\d+$/.test(v ?? '') || n > 65535) {
        ctx.addIssue({ code: 'custom', message: `expected a port number from 0 to 65535 (got "${v}")` });
        return z.NEVER;
      }
      return n;
    }),
  HOST: optional(z.string()),
  SLACK_API_URL: optional(
    z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://slack.com/api/' }),
  ).transform((v) => (v === undefined || v.endsWith('/') ? v : `${v}/`)),
  DB_FILE: optional(z.string()).default('data/lead-vs-manage.json'),
  DATABASE_URL: optional(
    z
      .string()
      .trim()
      .refine(
        (v) => /^postgres(ql)?:\/\/\S+$/.test(v) && URL.canParse(v),
        'expected a PostgreSQL URL such as postgres://user:password@host:5432/database',
      ),
  ),
  PROMPT_CHANNEL: optional(z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'expected a channel id such as C0123ABCD')),
  PROMPT_CRON: optional(z.string())
    .default(DEFAULT_CRON)
    .transform((v, ctx) => {
      const cron = (v ?? DEFAULT_CRON).trim().replace(/\s+/g, ' ');
      const problem = validateCron(cron);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `${problem} (got "${v}"; example: "0 9 * * 1", Mondays 09:00)`,
        });
        return z.NEVER;
      }
      return cron;
    }),
  PROMPT_TZ: optional(z.string())
    .default('UTC')
    .refine((v) => isValidTimeZone(v ?? 'UTC'), {
      message: 'expected an IANA time zone such as Europe/Berlin',
    }),
  PROMPT_CATCHUP: duration('6h'),
  PROMPT_CLOSE_AFTER: duration('6d'),
  PROMPT_CLOSE_BROADCAST: flag(true),
  MIN_SCHEDULE_INTERVAL: duration('1d'),
  PROMPT_NOW_COOLDOWN: duration('10m'),
  PROMPT_REVISIT_EVERY: count(DEFAULT_REVISIT_EVERY, 1, String(DEFAULT_REVISIT_EVERY)),
  TALLY_MIN_VOTERS: count(DEFAULT_MIN_VOTERS, 1, String(DEFAULT_MIN_VOTERS)),
  ADMIN_USER_IDS: optional(z.string())
    .default('')
    .transform((v, ctx) => {
      const ids = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = ids.filter((id) => !/^[UW][A-Z0-9]{2,}$/.test(id));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected Slack user ids such as U0123ABCD, comma-separated (bad: ${bad.join(', ')})`,
        });
        return z.NEVER;
      }
      return ids;
    }),
  LOG_LEVEL: optional(z.string())
    .default('info')
    .transform((v) => (v ?? 'info').toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })),
});

/** Every environment variable the app reads (.env.example and README's configuration table list each). */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(EnvSchema.shape));

const isSet = (v: string | undefined) => v !== undefined && v.trim() !== '';

export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  // Checked apart from the schema so they are reported together with every other problem.
  const combined = [
    ...authProblems(env),
    ...(!isSet(env.SLACK_APP_TOKEN) && !isSet(env.SLACK_SIGNING_SECRET)
      ? [
          'SLACK_SIGNING_SECRET: required in HTTP mode: the Signing Secret from "Basic Information" (or set SLACK_APP_TOKEN for Socket Mode)',
        ]
      : []),
  ];
  if (!parsed.success || combined.length > 0) {
    const issues = parsed.success ? [] : parsed.error.issues;
    const problems = issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      // zod's own messages for a missing value say "Invalid input: expected string, received undefined".
      const message = issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message;
      return `${name}: ${message}`;
    });
    return { ok: false, problems: [...new Set([...problems, ...combined])] };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: Object.freeze({
      auth: authOf(e),
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      socketMode: e.SLACK_APP_TOKEN !== undefined,
      port: e.PORT,
      host: e.HOST,
      slackApiUrl: e.SLACK_API_URL,
      dbFile: e.DB_FILE,
      databaseUrl: e.DATABASE_URL,
      promptChannel: e.PROMPT_CHANNEL,
      promptCron: e.PROMPT_CRON,
      promptTz: e.PROMPT_TZ,
      catchupMs: e.PROMPT_CATCHUP,
      closeAfterMs: e.PROMPT_CLOSE_AFTER,
      minScheduleIntervalMs: e.MIN_SCHEDULE_INTERVAL,
      nowCooldownMs: e.PROMPT_NOW_COOLDOWN,
      closeBroadcast: e.PROMPT_CLOSE_BROADCAST,
      revisitEvery: e.PROMPT_REVISIT_EVERY,
      tallyMinVoters: e.TALLY_MIN_VOTERS,
      adminUserIds: Object.freeze(e.ADMIN_USER_IDS),
      logLevel: e.LOG_LEVEL,
    }),
  };
}

/**
 * The `.env` file the app reads: next to package.json, whatever the working directory (src/config.ts and
 * dist/config.js both sit one folder below it).
 */
export const DOT_ENV_FILE = fileURLToPath(new URL('../.env', import.meta.url));
/**
 * Values the logger must never print: tokens, the signing secret, the database URL and its password, and in
 * distribution mode the client secret, the state secret and the token encryption keys.
 */
export function secretsOf(config: Config): (string | undefined)[] {
  const db = config.databaseUrl;
  const password = db && URL.canParse(db) ? decodeURIComponent(new URL(db).password) : undefined;
  return [...authSecrets(config.auth), config.signingSecret, config.appToken, db, password];
}

/** The environment, with a `.env` file's values underneath it (the real environment wins). */
export function environment(dotEnvPath = DOT_ENV_FILE): Record<string, string | undefined> {
  const fromFile = existsSync(dotEnvPath) ? parseEnv(readFileSync(dotEnvPath, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}
