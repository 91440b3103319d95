/**
 * Issue 13, point 2: what "anonymous" promises. The author's user id reaches the app with every click and
 * submission, and the app uses it once (the message only they see). With LOG_LEVEL=debug, in HTTP mode and in
 * Socket Mode, it must be in no file of the data folder (snapshot, journal, .bak, lock, anything else) and in no
 * log line, through the whole flow: the click, the form, a retried submission, a failed post, a failed message
 * to the author, a wrong and a right Delete.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/views/ids.js';
import { startApp, stopAllApps, tmpDir } from '../support/app-process.js';
import {
  blockActionsPayload,
  makeTs,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';
import { startSlackFake } from '../support/slack-fake.js';
import { type SocketServer, startSocketServer } from '../support/socket-server.js';
import {
  clickBody,
  deleteBody,
  formErrors,
  lastSeq,
  next,
  openForm,
  posted,
  postPrompt,
  submissionBody,
  WAIT,
} from './anonymous-flow.js';
import { answered, appEnv, launch } from './harness.js';

/** The author: a string that cannot turn up by chance. */
const AUTHOR = 'UQ7AUTHOR42X';

let fake: SlackFake;
beforeAll(async () => {
  fake = await startSlackFake();
  fake.setChannel('CPRIV', { name: 'private-thoughts', members: [AUTHOR, 'UPOSTER'] });
});
afterAll(async () => {
  await stopAllApps();
  await fake.close();
});

/**
 * Every file under `dir`, with its name, as text. While the app runs, a temporary file it renamed since the listing
 * is left out (the check after the app stopped reads every file as it stays).
 */
function everyFile(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).flatMap((f) => {
    const file = join(dir, f);
    try {
      return statSync(file).isFile() ? [{ file, text: readFileSync(file, 'utf8') }] : [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  });
}

function expectNowhere(where: { file: string; text: string }[], lines: string[]): void {
  expect(where.filter((f) => f.text.includes(AUTHOR)).map((f) => f.file)).toEqual([]);
  expect(lines.filter((l) => l.includes(AUTHOR))).toEqual([]);
}

describe('the author of an anonymous answer, over HTTP with LOG_LEVEL=debug', () => {
  it('is in no file of the data folder and in no log line', async () => {
    const app = await launch(fake, { env: { LOG_LEVEL: 'debug' } });
    const prompt = await postPrompt(app, fake, 'CPRIV');
    const submit = async (text: string, o: { twice?: boolean } = {}) => {
      const form = await openForm(app, fake, { user: AUTHOR, channel: 'CPRIV', ts: prompt.ts });
      const body = submissionBody(form, AUTHOR, text);
      expect(formErrors(await app.post(body))).toBeUndefined();
      if (o.twice) expect(formErrors(await app.post(body))).toBeUndefined();
    };

    // Kept, and sent twice.
    let after = lastSeq(fake);
    await submit('KEPT-ANSWER', { twice: true });
    const kept = await posted(fake, prompt.ts, after);
    expect(kept.author.args.user).toBe(AUTHOR); // the id did reach the app, and was used for this call

    // Deleted, after a wrong token.
    after = lastSeq(fake);
    await submit('DELETED-ANSWER');
    const gone = await posted(fake, prompt.ts, after);
    for (const token of ['A'.repeat(43), gone.token]) {
      const responseUrl = fake.responseUrl();
      const value = `CPRIV/${gone.ts}/${token}`;
      expect(
        (await app.post(deleteBody(fake, { user: AUTHOR, channel: 'CPRIV', value, responseUrl }))).status,
      ).toBe(200);
      await fake.waitForResponse((r) => r.path === new URL(responseUrl).pathname, WAIT);
    }
    expect(fake.calls('chat.delete')).toHaveLength(1);

    // Slack refuses the author's message, then refuses the post itself: both are logged, without the author.
    after = lastSeq(fake);
    fake.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    await submit('NO-DELETE-BUTTON');
    await next(fake, 'chat.postEphemeral', () => true, after);
    await app.proc.waitForLine('could not show the author of an anonymous answer in CPRIV', WAIT);
    after = lastSeq(fake);
    fake.failNext('chat.postMessage', { error: 'is_archived' });
    await submit('NOT-POSTED');
    const told = await next(fake, 'chat.postEphemeral', () => true, after);
    expect(String(told.args.text)).toContain('NOT-POSTED');
    await app.proc.waitForLine('could not post an anonymous answer in CPRIV: is_archived', WAIT);

    expectNowhere(everyFile(app.dir), app.proc.lines);
    expect(await app.proc.stop()).toMatchObject({ code: 0 }); // the final fold: snapshot and .bak rewritten
    const files = everyFile(app.dir);
    expect(files.map((f) => f.file.slice(app.dir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['db.json', 'db.json.bak', 'db.json.journal']),
    );
    // The kept answer's text is in a segment file of the snapshot.
    expect(
      files
        .filter((f) => /db\.json\.s\d+\.\d+$/.test(f.file))
        .map((f) => f.text)
        .join(''),
    ).toContain('KEPT-ANSWER');
    expectNowhere(files, app.proc.lines);

    // Debug logging was on and does print request bodies: the thread post is there, its author's message is not.
    const logs = app.proc.lines;
    expect(
      logs.some((l) => l.includes(' DEBUG ') && l.includes('http request body') && l.includes('KEPT-ANSWER')),
    ).toBe(true);
    expect(logs.some((l) => l.includes('chat.postEphemeral'))).toBe(false);
    expect(logs.some((l) => l.includes(`posted an anonymous answer in CPRIV (ts ${kept.ts})`))).toBe(true);
  });
});

describe('the author of an anonymous answer, in Socket Mode with LOG_LEVEL=debug', () => {
  let socket: SocketServer;
  beforeAll(async () => {
    socket = await startSocketServer();
    fake.setSocketUrl(socket.url);
  });
  afterAll(async () => {
    await socket.close();
  });

  it('is in no log line: the socket client logs interactive payloads by type only', async () => {
    const dir = tmpDir();
    const proc = startApp({
      env: appEnv(fake, join(dir, 'db.json'), {
        SLACK_APP_TOKEN: 'xapp-1-A0LVM-1234-abcdef0123456789',
        SLACK_SIGNING_SECRET: undefined,
        LOG_LEVEL: 'debug',
      }),
    });
    await proc.ready;
    await socket.connected;

    let after = lastSeq(fake);
    await socket.waitForAck(
      socket.sendSlashCommand(slashCommandPayload({ text: 'now', channel_id: 'CPRIV' })),
    );
    const prompt = await next(
      fake,
      'chat.postMessage',
      (c) => c.args.channel === 'CPRIV' && !c.args.thread_ts,
      after,
    );
    const promptTs = answered(prompt).ts as string;
    await fake.waitForCalls('reactions.add', 3, WAIT, (c) => c.args.timestamp === promptTs);

    after = lastSeq(fake);
    const click = JSON.parse(
      new URLSearchParams(clickBody(fake, { user: AUTHOR, channel: 'CPRIV', ts: promptTs })).get('payload') ??
        '{}',
    );
    await socket.waitForAck(socket.sendInteractive(click));
    const open = await next(fake, 'views.open', () => true, after);
    const form = (open.response?.body as { view?: Record<string, unknown> } | undefined)?.view ?? {};

    after = lastSeq(fake);
    const submission = viewSubmissionPayload({
      callback_id: 'lvm_anonymous_answer',
      user_id: AUTHOR,
      view_id: form.id as string,
      private_metadata: form.private_metadata as string,
      values: { anonymous_answer: { text: { type: 'plain_text_input', value: 'OVER-THE-SOCKET' } } },
    });
    const ack = await socket.waitForAck(socket.sendInteractive(submission));
    expect(ack.payload ?? {}).toEqual({});
    const { ts, token } = await posted(fake, promptTs, after);

    const del = blockActionsPayload({
      user_id: AUTHOR,
      action_id: ACTIONS.deleteAnonymous,
      channel_id: 'CPRIV',
      value: `CPRIV/${ts}/${token}`,
      response_url: fake.responseUrl(),
    });
    del.container = { type: 'message', message_ts: makeTs(), channel_id: 'CPRIV', is_ephemeral: true };
    delete del.message;
    await socket.waitForAck(socket.sendInteractive(del));
    await fake.waitFor('chat.delete', (c) => c.args.ts === ts, WAIT);
    await proc.waitForLine(`deleted anonymous answer ${ts} in CPRIV`, WAIT);

    expect(await proc.stop()).toMatchObject({ code: 0 });
    expectNowhere(everyFile(dir), proc.lines);
    // The socket client's debug lines were there, interactive ones without their content.
    expect(proc.lines.some((l) => l.includes('an interactive view_submission payload, envelope'))).toBe(true);
    expect(proc.lines.some((l) => l.includes('an interactive block_actions payload, envelope'))).toBe(true);
    expect(
      proc.lines.some(
        (l) => l.includes('Received a message on the WebSocket: {') && l.includes('slash_commands'),
      ),
    ).toBe(true);
  });
});
