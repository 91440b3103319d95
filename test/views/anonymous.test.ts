/** The anonymous-answer views, the command's words, and the Slack fake's view and ephemeral rules they rely on. */
import { readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { claimId, deleteToken } from '../../src/app/anonymous.js';
import { parseCommand } from '../../src/domain/command.js';
import {
  anonymousAnswerMessage,
  anonymousForm,
  anonymousRefusal,
  anonymousRefusedView,
  answerText,
  authorMessage,
  deleteValue,
  notPosted,
  parseDeleteValue,
} from '../../src/views/anonymous.js';
import { answerTexts } from '../../src/views/discussion.js';
import { usageText } from '../../src/views/help.js';
import { ACTIONS } from '../../src/views/ids.js';
import { promptMessage } from '../../src/views/prompt-message.js';
import { samplePrompt } from '../support/prompt-fixture.js';
import { checkBlocks, type SlackFake, startSlackFake } from '../support/slack-fake.js';

describe('the prompt and its button', () => {
  it('carries *Answer anonymously* only when the channel allows it', () => {
    const withButton = JSON.stringify(promptMessage(samplePrompt(), { anonymous: true }).blocks);
    expect(withButton).toContain(`"action_id":"${ACTIONS.answerAnonymously}"`);
    expect(withButton).toContain('Answer anonymously');
    expect(JSON.stringify(promptMessage(samplePrompt()).blocks)).not.toContain(ACTIONS.answerAnonymously);
    expect(checkBlocks(promptMessage(samplePrompt(), { anonymous: true }).blocks, 50)).toEqual([]);
  });
});

describe('the form and the messages', () => {
  it('keeps the prompt in private_metadata, and the form within Block Kit limits', () => {
    const form = anonymousForm('C123', '1764070000.000100');
    expect(form.private_metadata).toBe('C123/1764070000.000100');
    expect(form.submit).toBeDefined();
    expect(checkBlocks(form.blocks, 100)).toEqual([]);
    expect(checkBlocks(anonymousRefusedView('off').blocks, 100)).toEqual([]);
    expect(anonymousRefusedView('gone').submit).toBeUndefined();
  });

  it('escapes what was typed: no mention, no @channel, no link markup', () => {
    expect(answerText('  <!here> & <@U1|bob> <https://x.example|click>  ')).toBe(
      '&lt;!here&gt; &amp; &lt;@U1|bob&gt; &lt;https://x.example|click&gt;',
    );
    expect(anonymousAnswerMessage('hi').text).toBe(':bust_in_silhouette: *Anonymous*\nhi');
  });

  it('puts channel, answer and token in the Delete button, and reads back only that shape', () => {
    const { token, hash } = deleteToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(deleteToken().token).not.toBe(token);
    const message = authorMessage('C123', '1764070000.000100', token, 'https://acme.slack.com/');
    expect(checkBlocks(message.blocks, 50)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain(deleteValue('C123', '1764070000.000100', token));
    expect(JSON.stringify(message.blocks)).toContain(
      'https://acme.slack.com/archives/C123/p1764070000000100',
    );
    expect(parseDeleteValue(deleteValue('C123', '1764070000.000100', token))).toEqual({
      channel: 'C123',
      ts: '1764070000.000100',
      token,
    });
    for (const bad of [
      undefined,
      '',
      'C123/1.2',
      `C123/1.2/${token}x`,
      `c123/1.2/${token}`,
      `C123/1.2/${token.slice(1)}`,
    ]) {
      expect(parseDeleteValue(bad), String(bad)).toBeUndefined();
    }
  });

  it('claims a submission by a hash of its view id, never the id itself', () => {
    expect(claimId('V0ABCDEF')).toMatch(/^anonymous:[0-9a-f]{32}$/);
    expect(claimId('V0ABCDEF')).toBe(claimId('V0ABCDEF'));
    expect(claimId('V0ABCDEF')).not.toContain('V0ABCDEF');
    expect(claimId('V0ABCDEG')).not.toBe(claimId('V0ABCDEF'));
  });

  it('gives the text back, quoted, when it could not be posted', () => {
    expect(notPosted('is_archived', 'line one\nline <two>')).toBe(
      "Sorry, I couldn't post your anonymous answer (is_archived), so nothing was kept. Click *Answer anonymously* to try again. Your text:\n>line one\n>line &lt;two&gt;",
    );
  });

  it('shows an anonymous answer as Anonymous in the discussion window', () => {
    expect(answerTexts({ ts: '1764070000.000100', text: 'x' })[0]).toMatch(/^\*Anonymous\* · /);
    expect(answerTexts({ user: 'U1', ts: '1764070000.000100', text: 'x' })[0]).toMatch(/^\*<@U1>\* · /);
  });
});

describe('/lead-vs-manage anonymous', () => {
  it('parses on, off and a question, and refuses anything else', () => {
    expect(parseCommand('anonymous')).toEqual({ kind: 'anonymous' });
    expect(parseCommand('Anonymous ON')).toEqual({ kind: 'anonymous', on: true });
    expect(parseCommand('anonymous off')).toEqual({ kind: 'anonymous', on: false });
    expect(parseCommand('anonymous sometimes')).toMatchObject({ kind: 'invalid' });
  });

  it('says who may change it, in the words of the schedules’ rule', () => {
    expect(anonymousRefusal({ reason: 'listed-admins', admins: ['U1', 'U2'] })).toBe(
      'Only the admins of Lead vs Manage can turn anonymous answers on or off here. Ask one of them: <@U1>, <@U2>.',
    );
    expect(anonymousRefusal({ reason: 'workspace-admins', setBy: 'U9' })).toContain('and <@U9> who set');
    expect(anonymousRefusal({ reason: 'check-failed' })).toContain('Try again in a minute.');
  });

  it('is in the help and in the manifest’s usage hint', () => {
    expect(usageText()).toContain('`/lead-vs-manage anonymous [on|off]`');
    const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));
    expect(manifest.features.slash_commands[0].usage_hint).toContain('anonymous [on|off]');
  });
});

describe('the Slack fake, as strict as Slack about these calls', () => {
  let fake: SlackFake;
  let web: WebClient;
  beforeAll(async () => {
    fake = await startSlackFake();
    fake.setChannel('CM', { members: ['U1'] });
    web = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await fake.close();
  });
  const error = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { data?: { error?: string; response_metadata?: { messages?: string[] } } }) =>
        [e.data?.error, ...(e.data?.response_metadata?.messages ?? [])].join(' '),
    );

  it('refuses a modal with an input block and no submit button', async () => {
    const { submit: _submit, ...noSubmit } = anonymousForm('C1', '1.2');
    expect(await error(web.views.open({ trigger_id: fake.triggerId(), view: noSubmit }))).toMatch(
      /^invalid_arguments .*must define `submit` to use `input` block/,
    );
    expect(
      await error(web.views.open({ trigger_id: fake.triggerId(), view: anonymousForm('C1', '1.2') })),
    ).toBe('ok');
  });

  it('shows an ephemeral message only to a member of the channel', async () => {
    expect(await error(web.chat.postEphemeral({ channel: 'CM', user: 'U1', text: 'hi' }))).toBe('ok');
    expect(await error(web.chat.postEphemeral({ channel: 'CM', user: 'U2', text: 'hi' }))).toBe(
      'user_not_in_channel',
    );
  });
});
