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

describe('installing in many workspaces (SLACK_CLIENT_ID)', () => {
  const key = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
  const distribution = {
    SLACK_CLIENT_ID: '1234567890.9876543210',
    SLACK_CLIENT_SECRET: 'c0ffee00c0ffee11c0ffee22c0ffee33',
    SLACK_STATE_SECRET: 'a-state-secret-of-at-least-32-characters!',
    TOKEN_ENCRYPTION_KEY: key,
    SLACK_SIGNING_SECRET: base.SLACK_SIGNING_SECRET,
    DATABASE_URL: 'postgres://lvm:pw-secret-9@db:5432/lvm',
  };

  it('chooses distribution mode, with no bot token, and never logs its secrets', () => {
    const r = loadConfig(distribution);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.auth).toMatchObject({ mode: 'distribution', clientId: distribution.SLACK_CLIENT_ID });
    expect(r.config.auth.mode === 'distribution' && r.config.auth.tokenKeys.current).toBe('k1');
    expect(secretsOf(r.config)).toEqual(
      expect.arrayContaining([
        distribution.SLACK_CLIENT_SECRET,
        distribution.SLACK_STATE_SECRET,
        key.slice(3),
        'pw-secret-9',
      ]),
    );
    const single = loadConfig(base);
    expect(single.ok && single.config.auth).toEqual({ mode: 'single', botToken: base.SLACK_BOT_TOKEN });
  });

  it('names every missing or conflicting setting at once, with the other problems', () => {
    const lines = problems({
      SLACK_CLIENT_ID: distribution.SLACK_CLIENT_ID,
      SLACK_BOT_TOKEN: base.SLACK_BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A1-1-abc',
      PROMPT_CHANNEL: 'C0123ABCD',
      PROMPT_TZ: 'Mars/Base',
    });
    expect(lines).toEqual([
      'PROMPT_TZ: expected an IANA time zone such as Europe/Berlin',
      'SLACK_CLIENT_SECRET: required with SLACK_CLIENT_ID (installs in many workspaces): the Client Secret from "Basic Information"',
      'SLACK_STATE_SECRET: required with SLACK_CLIENT_ID (installs in many workspaces): at least 32 random characters that sign the OAuth state (`openssl rand -hex 32`)',
      expect.stringMatching(
        /^TOKEN_ENCRYPTION_KEY: required with SLACK_CLIENT_ID .*: the key that seals each workspace's bot token, as id:key/,
      ),
      'DATABASE_URL: required with SLACK_CLIENT_ID (installs in many workspaces): installations and their sealed tokens are kept in PostgreSQL (the file store serves one workspace, with SLACK_BOT_TOKEN)',
      "SLACK_BOT_TOKEN: leave it unset with SLACK_CLIENT_ID: each workspace's bot token comes from its installation",
      expect.stringMatching(/^SLACK_APP_TOKEN: Socket Mode cannot be used with SLACK_CLIENT_ID/),
      expect.stringMatching(/^PROMPT_CHANNEL: only for one workspace \(SLACK_BOT_TOKEN\)/),
    ]);
  });

  it('checks each setting, never echoing a secret', () => {
    const bad = {
      ...distribution,
      SLACK_CLIENT_ID: 'my-app',
      SLACK_CLIENT_SECRET: 'not-hex-secret-value',
      SLACK_STATE_SECRET: 'too-short-secret',
      TOKEN_ENCRYPTION_KEY: 'k1:too-short-key-material',
    };
    const lines = problems(bad);
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'SLACK_CLIENT_ID',
      'SLACK_CLIENT_SECRET',
      'SLACK_STATE_SECRET',
      'TOKEN_ENCRYPTION_KEY',
    ]);
    const all = lines.join('\n');
    for (const secret of ['not-hex-secret-value', 'too-short-secret', 'too-short-key-material']) {
      expect(all).not.toContain(secret);
    }
  });

  it('without SLACK_CLIENT_ID, the distribution settings are a mistake, not silently ignored', () => {
    const { SLACK_CLIENT_ID: _, ...rest } = distribution;
    expect(problems({ ...rest, SLACK_BOT_TOKEN: base.SLACK_BOT_TOKEN })).toEqual([
      'SLACK_CLIENT_SECRET: only used with SLACK_CLIENT_ID (installs in many workspaces); set SLACK_CLIENT_ID too, or remove it',
      'SLACK_STATE_SECRET: only used with SLACK_CLIENT_ID (installs in many workspaces); set SLACK_CLIENT_ID too, or remove it',
      'TOKEN_ENCRYPTION_KEY: only used with SLACK_CLIENT_ID (installs in many workspaces); set SLACK_CLIENT_ID too, or remove it',
    ]);
  });
});
