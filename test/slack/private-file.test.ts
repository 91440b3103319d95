/**
 * Downloading a shared file with the bot token, against the Slack fake, which serves private file URLs as
 * Slack does: the bytes for a token Slack accepts, its sign-in page (HTTP 200, HTML) for anything else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadPrivateFile, mayCarryToken } from '../../src/slack/private-file.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';

const TOKEN = 'xoxb-test-files-1234567890';
let fake: SlackFake;
beforeAll(async () => {
  fake = await startSlackFake({ validTokens: [TOKEN] });
  fake.setChannel('COUT', { is_member: false });
});
afterAll(async () => {
  await fake.close();
});

describe('the fake serves shared files like Slack', () => {
  it('files.info finds a file where the bot is, and says file_not_found elsewhere', async () => {
    const mine = fake.shareFile({ user: 'U1', channel: 'D1', name: 'team.yml', content: '- id: x\n' });
    const theirs = fake.shareFile({ user: 'U1', channel: 'COUT', name: 'secret.yml', content: 'nope' });
    const info = async (file: string) =>
      (
        await fetch(`${fake.url}files.info`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ file }),
        })
      ).json();
    expect(await info(mine.id)).toMatchObject({
      ok: true,
      file: { id: mine.id, name: 'team.yml', filetype: 'yaml', size: 8, ims: ['D1'], user: 'U1' },
    });
    expect(await info(theirs.id)).toEqual({ ok: false, error: 'file_not_found' });
  });

  it('downloads with the bot token; without it, or with a token Slack refuses, gets the sign-in page', async () => {
    const { file } = fake.shareFile({ user: 'U1', channel: 'D1', name: 'team.yml', content: '- id: ok\n' });
    const url = String(file.url_private_download);
    const bytes = await downloadPrivateFile(url, TOKEN, { apiUrl: fake.url, maxBytes: 1024 });
    expect(bytes.toString()).toBe('- id: ok\n');
    const plain = await fetch(url);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toContain('text/html');
    expect(await plain.text()).toContain('Sign in to Slack');
    await expect(
      downloadPrivateFile(url, 'xoxb-wrong-token', { apiUrl: fake.url, maxBytes: 1024 }),
    ).rejects.toThrow('Slack answered with its sign-in page instead of the file');
    expect(fake.downloads().map((d) => d.authorized)).toEqual([true, false, false]);
  });

  it('refuses a file larger than asked for, and never sends the token off Slack', async () => {
    const { file } = fake.shareFile({
      user: 'U1',
      channel: 'D1',
      name: 'big.yml',
      content: 'x'.repeat(5000),
    });
    await expect(
      downloadPrivateFile(String(file.url_private_download), TOKEN, { apiUrl: fake.url, maxBytes: 1000 }),
    ).rejects.toThrow('larger than 1 KB');
    const before = fake.downloads().length;
    await expect(
      downloadPrivateFile('https://files.example.com/files-pri/T1-F1/x.yml', TOKEN, {
        apiUrl: fake.url,
        maxBytes: 1000,
      }),
    ).rejects.toThrow('not on Slack (files.example.com)');
    expect(fake.downloads()).toHaveLength(before);
    expect(
      mayCarryToken(new URL('https://files.slack.com/files-pri/T1-F1/x.yml'), 'https://slack.com/api/'),
    ).toBe(true);
    expect(
      mayCarryToken(new URL('http://files.slack.com/files-pri/T1-F1/x.yml'), 'https://slack.com/api/'),
    ).toBe(false);
    expect(mayCarryToken(new URL('https://slack.com.evil.example/x'), 'https://slack.com/api/')).toBe(false);
  });
});
