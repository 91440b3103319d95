/** The front door's own judgements, before Bolt sees a request. */
import { createHmac } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createFrontDoor } from '../../src/slack/front-door.js';
import { createLogger } from '../../src/slack/logger.js';
import { classifyBody, hasValidSignature } from '../../src/slack/request-checks.js';

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';
const b = (s: string) => Buffer.from(s);
const judge = (type: string, body: string) => classifyBody(type, b(body), '/lead-vs-manage');

describe('classifyBody', () => {
  it('passes the envelopes Slack sends', () => {
    expect(judge(JSON_TYPE, '{"type":"url_verification","challenge":"x"}')).toBe('pass');
    expect(
      judge(
        JSON_TYPE,
        '{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"reaction_added","item":{"channel":"C1"}}}',
      ),
    ).toBe('pass');
    expect(judge(FORM, 'command=%2Flead-vs-manage&team_id=T1&channel_id=C1&user_id=U1&text=now')).toBe(
      'pass',
    );
    expect(judge(FORM, `payload=${encodeURIComponent('{"type":"block_actions"}')}`)).toBe('pass');
    expect(judge(FORM, 'ssl_check=1&token=x')).toBe('pass');
  });

  it('answers app_rate_limited itself', () => {
    expect(judge(JSON_TYPE, '{"type":"app_rate_limited","team_id":"T1"}')).toBe('rate-limited');
  });

  it.each([
    ['null (crashes Bolt 5.1)', JSON_TYPE, 'null'],
    ['an array', JSON_TYPE, '[]'],
    ['truncated JSON', JSON_TYPE, '{"type":"event_callback"'],
    ['an unknown envelope type', JSON_TYPE, '{"type":"something"}'],
    [
      'an event that is a string',
      JSON_TYPE,
      '{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":"x"}',
    ],
    [
      'an item that is a string (crashes Bolt routing)',
      JSON_TYPE,
      '{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"reaction_added","item":"x"}}',
    ],
    [
      'a null channel',
      JSON_TYPE,
      '{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"message","channel":null}}',
    ],
    ['text/plain', 'text/plain', '{"type":"url_verification"}'],
    ['another command', FORM, 'command=%2Fother&team_id=T1&channel_id=C1&user_id=U1'],
    ['a command without a user', FORM, 'command=%2Flead-vs-manage&team_id=T1&channel_id=C1'],
    ['a payload that is not an object', FORM, 'payload=%5B1%5D'],
    ['an empty form', FORM, ''],
  ])('refuses %s', (_name, type, body) => {
    expect(judge(type, body)).toBe('bad');
  });
});

describe('hasValidSignature', () => {
  const secret = '0123456789abcdef0123456789abcdef';
  const body = b('token=x&text=now');
  const sign = (ts: number, payload = body) =>
    `v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(payload).digest('hex')}`;
  const now = Math.floor(Date.now() / 1000);

  it('accepts a fresh, correct signature', () => {
    expect(hasValidSignature(secret, sign(now), String(now), body)).toBe(true);
  });

  it('refuses a wrong secret, a changed body, a stale timestamp and missing headers', () => {
    expect(hasValidSignature('another-secret-0000000000000000', sign(now), String(now), body)).toBe(false);
    expect(hasValidSignature(secret, sign(now), String(now), b('token=x&text=pause'))).toBe(false);
    expect(hasValidSignature(secret, sign(now - 301), String(now - 301), body)).toBe(false);
    expect(hasValidSignature(secret, undefined, String(now), body)).toBe(false);
    expect(hasValidSignature(secret, sign(now), undefined, body)).toBe(false);
    expect(hasValidSignature(secret, 'v0=abcd', String(now), body)).toBe(false);
  });
});

describe('pages', () => {
  it("hands a browser's GET of a listed page to Bolt's receiver; other methods and pages are refused", async () => {
    const seen: string[] = [];
    let bolt: RequestListener | undefined;
    const server = createFrontDoor({
      slack: () => bolt,
      pages: ['/slack/install'],
      command: '/lead-vs-manage',
      logger: createLogger({ level: 'error', secrets: [], sink: () => undefined }),
      health: () => ({ ok: true, mode: 'http', store: 'loaded', schedules: 'running', slack: 'connected' }),
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/slack/install`)).status).toBe(503); // Bolt not there yet
      bolt = (req, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.writeHead(302, { location: 'https://slack.com/oauth/v2/authorize' }).end();
      };
      const res = await fetch(`${url}/slack/install?x=1`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect((await fetch(`${url}/slack/install`, { method: 'POST', body: 'x' })).status).toBe(405);
      expect((await fetch(`${url}/slack/oauth_redirect`)).status).toBe(404);
      expect(seen).toEqual(['GET /slack/install?x=1']);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
