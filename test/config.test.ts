import { describe, expect, it } from 'vitest';
import { loadConfig, parseDuration, secretsOf } from '../src/config.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '0123456789abcdef0123' };

function problems(env: Record<string, string | undefined>): string[] {
  const r = loadConfig(env);
  return r.ok ? [] : r.problems;
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const r = loadConfig(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      port: 3000,
      dbFile: 'data/lead-vs-manage.json',
      promptCron: '0 9 * * 1',
      promptTz: 'UTC',
      catchupMs: 6 * 3_600_000,
      closeAfterMs: 6 * 24 * 3_600_000,
      adminUserIds: [],
      logLevel: 'info',
      socketMode: false,
      promptChannel: undefined,
      slackApiUrl: undefined,
      minScheduleIntervalMs: 24 * 3_600_000,
      nowCooldownMs: 10 * 60_000,
      closeBroadcast: true,
    });
    expect(Object.isFrozen(r.config)).toBe(true);
  });

  it('names a missing bot token', () => {
    expect(problems({ SLACK_SIGNING_SECRET: base.SLACK_SIGNING_SECRET })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: required/),
    ]);
  });

  it('with nothing set, names both credentials at once', () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: required/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET: required in HTTP mode/),
    ]);
  });

  it('requires the signing secret in HTTP mode only', () => {
    expect(problems({ SLACK_BOT_TOKEN: base.SLACK_BOT_TOKEN })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: required in HTTP mode/),
    ]);
    const socket = loadConfig({ SLACK_BOT_TOKEN: base.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A-1-abc' });
    expect(socket.ok && socket.config.socketMode).toBe(true);
  });

  it('reports every problem at once, one line each, never echoing a secret', () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxp-user-token-not-a-bot',
      SLACK_SIGNING_SECRET: 'not hex at all',
      SLACK_APP_TOKEN: 'nope-secret-value',
      PORT: '70000',
      SLACK_API_URL: 'ftp://example.com',
      PROMPT_CHANNEL: 'general',
      PROMPT_CRON: '61 9 * * 1',
      PROMPT_TZ: 'Mars/Base',
      PROMPT_CATCHUP: 'soon',
      ADMIN_USER_IDS: 'U123ABC, bob',
      LOG_LEVEL: 'loud',
    };
    const lines = problems(env);
    const names = lines.map((l) => l.split(':')[0]);
    expect(names.sort()).toEqual(
      [
        'ADMIN_USER_IDS',
        'LOG_LEVEL',
        'PORT',
        'PROMPT_CATCHUP',
        'PROMPT_CHANNEL',
        'PROMPT_CRON',
        'PROMPT_TZ',
        'SLACK_API_URL',
        'SLACK_APP_TOKEN',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
      ].sort(),
    );
    const all = lines.join('\n');
    for (const secret of [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('bad: bob');
    expect(all).toMatch(/PROMPT_TZ: expected an IANA time zone/);
  });

  it('accepts a six-field cron, a zone, admins, and normalises the API URL', () => {
    const r = loadConfig({
      ...base,
      PROMPT_CRON: '*/5  * * * * *',
      PROMPT_TZ: 'Europe/Berlin',
      ADMIN_USER_IDS: 'U1AAA, U2BBB',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      PORT: '0',
      PROMPT_CHANNEL: 'C0123ABCD',
      LOG_LEVEL: 'DEBUG',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.promptCron).toBe('*/5 * * * * *');
    expect(r.config.adminUserIds).toEqual(['U1AAA', 'U2BBB']);
    expect(r.config.slackApiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(r.config.port).toBe(0);
    expect(r.config.logLevel).toBe('debug');
  });

  it('reads the anti-spam floors and the broadcast switch; 0 turns the `now` cooldown off', () => {
    const r = loadConfig({
      ...base,
      MIN_SCHEDULE_INTERVAL: '12h',
      PROMPT_NOW_COOLDOWN: '0',
      PROMPT_CLOSE_BROADCAST: 'false',
    });
    expect(r.ok && r.config).toMatchObject({
      minScheduleIntervalMs: 12 * 3_600_000,
      nowCooldownMs: 0,
      closeBroadcast: false,
    });
    expect(problems({ ...base, PROMPT_NOW_COOLDOWN: 'soon', PROMPT_CLOSE_BROADCAST: 'maybe' })).toEqual([
      'PROMPT_CLOSE_BROADCAST: expected true or false (got "maybe")',
      'PROMPT_NOW_COOLDOWN: expected a duration like 30m, 6h or 2d, or 0 (got "soon")',
    ]);
  });

  it('names an empty bot token once, as missing', () => {
    expect(problems({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: base.SLACK_SIGNING_SECRET })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: required/),
    ]);
  });

  it('treats empty values as unset', () => {
    const r = loadConfig({ ...base, PORT: '', PROMPT_CHANNEL: ' ', SLACK_APP_TOKEN: '' });
    expect(r.ok && r.config.port).toBe(3000);
  });
});

describe('DATABASE_URL', () => {
  it('is unset by default: the file store at DB_FILE', () => {
    const r = loadConfig(base);
    expect(r.ok && r.config.databaseUrl).toBeUndefined();
    expect(loadConfig({ ...base, DATABASE_URL: ' ' }).ok && 'ok').toBe('ok');
  });

  it('takes a PostgreSQL URL, whose password the logs never show', () => {
    const url = 'postgresql://lvm:p%40ss-w0rd-secret@db.internal:5432/lvm?sslmode=require';
    const r = loadConfig({ ...base, DATABASE_URL: url });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.databaseUrl).toBe(url);
    expect(secretsOf(r.config)).toEqual(expect.arrayContaining([url, 'p@ss-w0rd-secret']));
  });

  it.each(['mysql://u:secret-pass@h/db', 'db.internal:5432', 'postgres://'])(
    'refuses %s without echoing it',
    (url) => {
      const lines = problems({ ...base, DATABASE_URL: url });
      expect(lines).toEqual([
        'DATABASE_URL: expected a PostgreSQL URL such as postgres://user:password@host:5432/database',
      ]);
    },
  );
});

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['90m', 5_400_000],
    ['6h', 21_600_000],
    ['2d', 172_800_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it('rejects bare numbers and unknown units', () => {
    expect(parseDuration('6')).toBeUndefined();
    expect(parseDuration('6w')).toBeUndefined();
  });
});
