/**
 * Issue 4 end to end: the App Home archive, the discussion modal, exports and the trend, against the real app
 * (in the test process) and the Slack Web API fake, with signed requests. Who may see what is asked of the fake's
 * users.conversations, which knows each channel's members.
 *
 * Data comes in the way Slack sends it (`now`, reaction_added, thread replies), except the largest fixtures
 * (200 prompts, a thread of 500 answers of 4000 characters), which are written through the store before start.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_FORMAT, type ChannelArchive, CSV_COLUMNS } from '../../src/app/export.js';
import { loadPrompts } from '../../src/app/prompt-files.js';
import { promptLibrary } from '../../src/domain/library.js';
import type { Op } from '../../src/store/schema.js';
import { UNAVAILABLE } from '../../src/views/discussion.js';
import { HOME_EMPTY } from '../../src/views/home.js';
import { ACTIONS } from '../../src/views/ids.js';
import { EXPORT_MEMBERS_ONLY, NO_PROMPTS, NOT_INSTALLED, PREPARING_EXPORT } from '../../src/views/replies.js';
import { open } from '../store/helpers.js';
import { stopAllApps, tmpDir } from '../support/app-process.js';
import { defused, parseCsv } from '../support/csv.js';
import {
  appHomeOpened,
  blockActionsBody,
  blockActionsPayload,
  reactionAdded,
  threadReply,
} from '../support/signing.js';
import { checkBlocks, type SlackCall, type SlackFake, startSlackFake } from '../support/slack-fake.js';
import { answered, launch, promptIdOf, type Running, replyText } from './harness.js';

const WAIT = 15_000;
const library = promptLibrary(loadPrompts(fileURLToPath(new URL('../../prompts', import.meta.url))));

let fake: SlackFake;
beforeAll(async () => {
  fake = await startSlackFake();
});
afterAll(async () => {
  await stopAllApps();
  await fake.close();
});

const lastSeq = () => fake.calls().at(-1)?.seq ?? 0;

/** The first `method` call after `after` matching `predicate`, once the fake has answered it. */
async function next(method: string, predicate: (c: SlackCall) => boolean, after: number): Promise<SlackCall> {
  const call = await fake.waitFor(method, (c) => c.seq > after && predicate(c), WAIT);
  const deadline = Date.now() + WAIT;
  while (!call.response && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return call;
}

/** The modal a click opened: views.open puts up a loading view at once, views.update replaces it. */
async function opened(after: number): Promise<SlackCall> {
  const open = await next('views.open', () => true, after);
  const id = viewOf(open).id;
  return next('views.update', (c) => c.args.view_id === id, after);
}

interface View {
  id: string;
  type: string;
  blocks: Record<string, unknown>[];
  private_metadata: string;
}

function viewOf(call: SlackCall): View {
  const body = call.response?.body as {
    ok: boolean;
    error?: string;
    view?: View;
    response_metadata?: unknown;
  };
  expect(body, `${call.method} answered ${JSON.stringify(body)}`).toMatchObject({ ok: true });
  const view = body.view as View;
  expect(checkBlocks(view.blocks, 100)).toEqual([]);
  return view;
}

/** Posts a prompt with `now` and waits until it is stored (its reactions follow the commit). */
/** Which prompt went up at each ts (the rotation's seed is random). */
const postedPrompt = new Map<string, string>();

async function promptIn(app: Running, channel: string, team = 'T1'): Promise<string> {
  const mark = lastSeq();
  const res = await app.command('now', { channel_id: channel, team_id: team });
  expect(res.status).toBe(200);
  const post = await next('chat.postMessage', (c) => c.args.channel === channel && !c.args.thread_ts, mark);
  const ts = answered(post).ts;
  if (!ts) throw new Error(`no ts for the prompt in ${channel}`);
  postedPrompt.set(ts, promptIdOf(post));
  await fake.waitForCalls('reactions.add', 3, WAIT, (c) => c.args.timestamp === ts);
  return ts;
}

async function vote(app: Running, channel: string, ts: string, user: string, reaction: string, team = 'T1') {
  const res = await app.event(reactionAdded({ user, reaction, channel, ts }), { team_id: team });
  expect(res.status).toBe(200);
}

let answerSeq = 0;
/** A thread reply; its ts grows with each call so answers keep their order. */
async function reply(
  app: Running,
  channel: string,
  threadTs: string,
  user: string,
  text: string,
  team = 'T1',
) {
  answerSeq += 1;
  const ts = `${Number(threadTs.split('.')[0]) + answerSeq}.${String(answerSeq).padStart(6, '0')}`;
  const res = await app.event(threadReply({ user, channel, thread_ts: threadTs, text, ts }), {
    team_id: team,
  });
  expect(res.status).toBe(200);
  return ts;
}

async function openHome(app: Running, user: string, team = 'T1'): Promise<View> {
  const mark = lastSeq();
  const res = await app.event(appHomeOpened({ user }), { team_id: team });
  expect(res.status).toBe(200);
  return viewOf(await next('views.publish', (c) => c.args.user_id === user, mark));
}

async function click(app: Running, o: Parameters<typeof blockActionsPayload>[0]): Promise<void> {
  const res = await app.post(blockActionsBody(blockActionsPayload(o)));
  expect(res.status).toBe(200);
}

const rowsOf = (view: View) =>
  view.blocks
    .filter((b) => (b.accessory as { action_id?: string } | undefined)?.action_id === ACTIONS.openDiscussion)
    .map((b) => ({
      text: (b.text as { text: string }).text,
      value: (b.accessory as { value: string }).value,
    }));

// ---------------------------------------------------------------------------------------------------------

describe('archive, discussion, export, trend (one app)', () => {
  let app: Running;
  let pub: string;
  let priv: string;
  let talk: string;
  let exp: string;
  const NASTY = ['=SUM(A1:A9)', '-1, I "disagree"\nsecond line', '@channel <@UA> &amp; ünïcødé 👍', '+plus'];
  const exportAnswers: { user: string; text: string; ts: string }[] = [];

  beforeAll(async () => {
    fake.setChannel('CPUB', { name: 'general', members: ['UA', 'UB'] });
    fake.setChannel('GPRIV', { name: 'leads', is_private: true, members: ['UA'] });
    fake.setChannel('CTALK', { name: 'talk', members: ['UA', 'UB'] });
    fake.setChannel('CEXP', { name: 'export-me', members: ['UA'] });
    app = await launch(fake);

    pub = await promptIn(app, 'CPUB');
    await vote(app, 'CPUB', pub, 'UA', 'compass');
    await vote(app, 'CPUB', pub, 'UB', 'clipboard');
    await vote(app, 'CPUB', pub, 'UC', 'compass');
    await reply(app, 'CPUB', pub, 'UA', 'public answer');

    priv = await promptIn(app, 'GPRIV');
    await vote(app, 'GPRIV', priv, 'UA', 'handshake');
    await reply(app, 'GPRIV', priv, 'UA', 'PRIVATE-SECRET answer');

    talk = await promptIn(app, 'CTALK');
    for (let i = 1; i <= 30; i++) await reply(app, 'CTALK', talk, i % 2 ? 'UA' : 'UB', `talk answer #${i}#`);

    exp = await promptIn(app, 'CEXP');
    await vote(app, 'CEXP', exp, 'UA', 'compass');
    await vote(app, 'CEXP', exp, 'UB', 'clipboard');
    await vote(app, 'CEXP', exp, 'UB', 'handshake');
    for (const [i, text] of NASTY.entries()) {
      const user = i % 2 ? 'UB' : 'UA';
      exportAnswers.push({ user, text, ts: await reply(app, 'CEXP', exp, user, text) });
    }
  }, 120_000);

  describe('App Home', () => {
    it('shows a member every channel they are in, newest first, with tallies and answers', async () => {
      const view = await openHome(app, 'UA');
      const rows = rowsOf(view);
      expect(rows.map((r) => r.value)).toEqual([
        `CEXP/${exp}`,
        `CTALK/${talk}`,
        `GPRIV/${priv}`,
        `CPUB/${pub}`,
      ]);
      const pubRow = rows.find((r) => r.value.startsWith('CPUB/'))?.text ?? '';
      expect(pubRow).toContain('*<#CPUB>*');
      expect(pubRow).toContain(':compass: 2  :clipboard: 1  :handshake: 0 · 3 voters · 1 answer');
      expect(rows.find((r) => r.value.startsWith('CTALK/'))?.text).toContain('30 answers');
      const json = JSON.stringify(view.blocks);
      expect(json).toContain('#leads');
      expect(json).toContain("The team's trend");
    });

    it('never shows a private channel to someone who is not in it', async () => {
      const view = await openHome(app, 'UB');
      const json = JSON.stringify(view);
      expect(rowsOf(view).map((r) => r.value)).toEqual([`CTALK/${talk}`, `CPUB/${pub}`]);
      expect(json).not.toContain('GPRIV');
      // Its name and its prompt (by ts: a prompt's own words may say "leads" anywhere).
      expect(json).not.toContain('#leads');
      expect(json).not.toContain(priv.replace('.', ''));
      expect(json).not.toContain(priv);
      expect(json).not.toContain('CEXP'); // public, but UB is not a member
    });

    it('filters by channel from the select, and drops a filter on a channel the viewer is not in', async () => {
      const home = fake.homeView('UA') as unknown as View;
      let mark = lastSeq();
      await click(app, {
        user_id: 'UA',
        action_id: ACTIONS.homeFilter,
        type: 'static_select',
        action: { selected_option: { text: { type: 'plain_text', text: '#leads' }, value: 'GPRIV' } },
        view: home as unknown as Record<string, unknown>,
      });
      const filtered = viewOf(await next('views.publish', (c) => c.args.user_id === 'UA', mark));
      expect(rowsOf(filtered).map((r) => r.value)).toEqual([`GPRIV/${priv}`]);
      expect(JSON.parse(filtered.private_metadata)).toMatchObject({ c: 'GPRIV' });

      // The filter survives reopening the tab (Slack sends the current view with app_home_opened).
      mark = lastSeq();
      await app.event(appHomeOpened({ user: 'UA', view: filtered as unknown as Record<string, unknown> }));
      const reopened = viewOf(await next('views.publish', (c) => c.args.user_id === 'UA', mark));
      expect(rowsOf(reopened).map((r) => r.value)).toEqual([`GPRIV/${priv}`]);

      mark = lastSeq();
      await click(app, {
        user_id: 'UB',
        action_id: ACTIONS.homeFilter,
        type: 'static_select',
        action: { selected_option: { text: { type: 'plain_text', text: '#leads' }, value: 'GPRIV' } },
        view: fake.homeView('UB') as Record<string, unknown>,
      });
      const forged = viewOf(await next('views.publish', (c) => c.args.user_id === 'UB', mark));
      expect(JSON.stringify(forged)).not.toContain('GPRIV');
      expect(rowsOf(forged)).toHaveLength(2);
    });

    it('has an empty state for someone in no channel with prompts', async () => {
      const view = await openHome(app, 'UNOBODY');
      const json = JSON.stringify(view.blocks);
      expect(json).toContain(HOME_EMPTY.slice(0, 60));
      expect(json).toContain('/lead-vs-manage now');
      expect(rowsOf(view)).toEqual([]);
    });
  });

  describe('discussion modal', () => {
    it('opens with the answers (author, date, text) and pages with Next and Previous', async () => {
      let mark = lastSeq();
      await click(app, {
        user_id: 'UB',
        action_id: ACTIONS.openDiscussion,
        value: `CTALK/${talk}`,
        view: fake.homeView('UB') as Record<string, unknown>,
        trigger_id: '123.456.abc',
      });
      expect((await next('views.open', () => true, mark)).args.trigger_id).toBe('123.456.abc');
      const first = viewOf(await opened(mark));
      const text = JSON.stringify(first.blocks);
      expect(text).toContain('talk answer #1#');
      expect(text).toContain('talk answer #12#');
      expect(text).not.toContain('talk answer #13#');
      // In the reader's zone (Slack's date formatting), UTC where a client cannot show it.
      expect(text).toMatch(
        /\*<@UA>\* · <!date\^\d+\^\{date_short\} \{time\}\|\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC>/,
      );
      expect(text).toContain('Answers 1–12 of 30 · page 1 of 3');

      mark = lastSeq();
      await click(app, {
        user_id: 'UB',
        action_id: ACTIONS.discussionNext,
        value: '1',
        view: first as unknown as Record<string, unknown>,
      });
      const update = await next('views.update', () => true, mark);
      expect(update.args.view_id).toBe(first.id);
      const second = viewOf(update);
      expect(JSON.stringify(second.blocks)).toContain('talk answer #13#');
      expect(JSON.stringify(second.blocks)).toContain('Answers 13–24 of 30 · page 2 of 3');

      mark = lastSeq();
      await click(app, {
        user_id: 'UB',
        action_id: ACTIONS.discussionPrevious,
        value: '0',
        view: second as unknown as Record<string, unknown>,
      });
      const back = viewOf(await next('views.update', () => true, mark));
      expect(JSON.stringify(back.blocks)).toContain('Answers 1–12 of 30');
    });

    it('shows a non-member nothing of a private thread, whether from the button or the page metadata', async () => {
      let mark = lastSeq();
      await click(app, {
        user_id: 'UB',
        action_id: ACTIONS.openDiscussion,
        value: `GPRIV/${priv}`,
        view: fake.homeView('UB') as Record<string, unknown>,
      });
      const refused = viewOf(await opened(mark));
      expect(JSON.stringify(refused)).toContain(UNAVAILABLE.slice(0, 40));
      expect(JSON.stringify(refused)).not.toContain('PRIVATE-SECRET');

      // A modal of a public thread whose metadata is rewritten to the private one.
      mark = lastSeq();
      const metadata = JSON.stringify({ c: 'GPRIV', t: priv, p: 0 });
      await click(app, {
        user_id: 'UB',
        action_id: ACTIONS.discussionNext,
        value: '0',
        view: { id: 'VFORGED', type: 'modal', private_metadata: metadata },
      });
      const update = await next('views.update', () => true, mark);
      expect(JSON.stringify(update.args)).toContain(UNAVAILABLE.slice(0, 40));
      expect(JSON.stringify(update.args)).not.toContain('PRIVATE-SECRET');

      // The member sees it.
      mark = lastSeq();
      await click(app, {
        user_id: 'UA',
        action_id: ACTIONS.openDiscussion,
        value: `GPRIV/${priv}`,
        view: fake.homeView('UA') as Record<string, unknown>,
      });
      expect(JSON.stringify(viewOf(await opened(mark)).blocks)).toContain('PRIVATE-SECRET');
    });
  });

  describe('export', () => {
    async function exportAs(format: string, user = 'UA', channel = 'CEXP') {
      const uploads = fake.uploads().length;
      const res = await app.command(`export ${format}`.trim(), { channel_id: channel, user_id: user });
      expect(replyText(res)).toContain(PREPARING_EXPORT);
      const deadline = Date.now() + WAIT;
      while (fake.uploads().length === uploads && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const upload = fake.uploads()[uploads];
      if (!upload) throw new Error(`no upload for export ${format}`);
      // Sent to the requester's direct messages with the app; the channel sees nothing.
      expect(upload.channel).toBe(`D${user.slice(1)}`);
      expect(upload.initialComment).toContain(`<#${channel}>`);
      expect(fake.messages(channel).filter((m) => m.files)).toEqual([]);
      return upload;
    }

    it('CSV (the default): BOM, RFC 4180, formulas defused, and every stored answer back', async () => {
      const upload = await exportAs('');
      expect(upload.filename).toMatch(/^lead-vs-manage-export-me-\d{4}-\d\d-\d\d\.csv$/);
      expect([...upload.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(upload.bytes.toString('utf8').slice(1));
      const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
      expect(rows[0]).toEqual([...CSV_COLUMNS]);
      const body = rows.slice(1);
      expect(body.map((r) => [r[col('answer_user')], r[col('answer_ts')], r[col('answer_text')]])).toEqual(
        exportAnswers.map((a) => [a.user, a.ts, defused(a.text)]),
      );
      for (const r of body) {
        expect(r[col('prompt_ts')]).toBe(exp);
        expect([
          r[col('leadership_votes')],
          r[col('management_votes')],
          r[col('both_votes')],
          r[col('voters')],
        ]).toEqual(['1', '1', '1', '2']);
        expect(library.find(r[col('prompt_id')] ?? '')?.text).toBe(r[col('prompt')]);
      }
    });

    it('JSON: the documented shape, equal to what was stored', async () => {
      const upload = await exportAs('json');
      const archive = JSON.parse(upload.bytes.toString('utf8')) as ChannelArchive;
      expect(archive).toMatchObject({
        format: ARCHIVE_FORMAT,
        version: 3,
        team: 'T1',
        channel: { id: 'CEXP', name: 'export-me' },
      });
      expect(archive.prompts).toHaveLength(1);
      const [p] = archive.prompts;
      const prompt = library.find(p?.promptId ?? '');
      expect(p).toMatchObject({
        ts: exp,
        text: prompt?.text,
        source: {
          title: prompt?.source.title,
          byline: prompt?.source.byline,
          credit: prompt?.source.credit,
          leans: prompt?.view.leans,
        },
        tally: { leadership: 1, management: 1, both: 1, votes: 3, voters: 2 },
        teamLean: 'both',
      });
      expect(p?.answers.map((a) => ({ user: a.user, ts: a.ts, text: a.text }))).toEqual(exportAnswers);
    });

    it('Markdown: title, the prompt as a dated heading, the tally and the answers', async () => {
      const upload = await exportAs('md');
      const md = upload.bytes.toString('utf8');
      expect(md.startsWith('# Lead vs Manage: the archive of #export-me')).toBe(true);
      expect(md).toMatch(/\n## \d{1,2} \w{3} \d{4}: /);
      expect(md).toContain('- **Votes:** Leadership 1 · Management 1 · Both 1 (2 voters)');
      expect(md).toContain('### Answers (4)');
      expect(md).toContain('- **@UA** · ');
      expect(md).toContain('=SUM(A1:A9)');
      expect(md).toContain('-1, I "disagree"\n  second line');
    });

    it('refuses a non-member of a private channel, and has nothing to export in an empty channel', async () => {
      const uploads = fake.uploads().length;
      const res = await app.command('export json', {
        channel_id: 'GPRIV',
        user_id: 'UB',
        response_url: fake.responseUrl(),
      });
      expect(replyText(res)).toContain(PREPARING_EXPORT);
      const refused = await fake.waitForResponse(
        (r) => String(r.body.text).includes(EXPORT_MEMBERS_ONLY),
        WAIT,
      );
      expect(refused.body.response_type).toBe('ephemeral');
      expect(fake.uploads()).toHaveLength(uploads);
      expect(replyText(await app.command('export', { channel_id: 'CEMPTY', user_id: 'UA' }))).toContain(
        NO_PROMPTS,
      );
    });
  });

  it('`stats` draws the trend of the channel', async () => {
    const text = replyText(await app.command('stats', { channel_id: 'CPUB' }));
    expect(text).toContain("The team's trend");
    expect(text).toMatch(/`L [▮▯]{5} M` 3 voters · 1 answer/);
    // A source that did not say which it is leaves nothing to compare.
    const leans = library.find(postedPrompt.get(pub) ?? '')?.view.leans;
    expect(text).toMatch(
      leans === 'none'
        ? /No prompt with votes to compare with its source yet\./
        : /Agreed with the source in \*[01] of 1 prompt\*/,
    );
    expect(replyText(await app.command('stats', { channel_id: 'CEMPTY' }))).toContain(NO_PROMPTS);
  });

  it('keeps workspaces apart: another workspace (T2) is turned away and sees none of T1', async () => {
    // The workspace gate (test/integration/gate.test.ts) answers T2 before any listener runs.
    for (const text of ['results', 'history', 'stats', 'export csv']) {
      expect(
        replyText(await app.command(text, { channel_id: 'CPUB', team_id: 'T2', user_id: 'UA' })),
      ).toContain(NOT_INSTALLED);
    }
    const mark = lastSeq();
    await click(app, {
      team_id: 'T2',
      user_id: 'UA',
      action_id: ACTIONS.openDiscussion,
      value: `CPUB/${pub}`,
      view: { id: 'VT2', type: 'home', private_metadata: '' },
    });
    expect((await app.event(appHomeOpened({ user: 'UA' }), { team_id: 'T2' })).status).toBe(200);
    // T1's own Home tab is published after both, and it is the only view that was.
    const t1home = await openHome(app, 'UA', 'T1');
    expect(rowsOf(t1home)).toHaveLength(4);
    expect(fake.calls().filter((c) => c.seq > mark && c.method.startsWith('views.'))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('the largest fixtures: 200 prompts, a thread of 500 answers of 4000 characters', () => {
  let app: Running;
  const newest = `${1_700_000_000 + 199 * 604_800}.000100`;

  beforeAll(async () => {
    fake.setChannel('CBIG', { name: 'big', members: ['UBIG'] });
    const dir = tmpDir();
    const store = await open(join(dir, 'db.json'));
    const ops: Op[] = [];
    for (let i = 0; i < 200; i++) {
      const ts = `${1_700_000_000 + i * 604_800}.000100`;
      const promptId = library.ids[i % library.ids.length] ?? '';
      ops.push({
        type: 'post',
        post: {
          team: 'T1',
          channel: 'CBIG',
          ts,
          promptId,
          postedAt: new Date((1_700_000_000 + i * 604_800) * 1000).toISOString(),
        },
      });
      for (let v = 0; v < (i % 6) + 1; v++) {
        const emoji = (['compass', 'clipboard', 'handshake'] as const)[(i + v) % 3] ?? 'compass';
        ops.push({
          type: 'vote',
          team: 'T1',
          channel: 'CBIG',
          ts,
          vote: { user: `UV${v}`, emoji, on: true, eventTs: `${1_700_000_001 + i * 604_800}.00000${v}` },
        });
      }
    }
    for (let i = 0; i < 500; i++) {
      const text = `answer ${i}: ${'a long & <considered> view, '.repeat(200)}`.slice(0, 4000);
      ops.push({
        type: 'answer',
        team: 'T1',
        channel: 'CBIG',
        threadTs: newest,
        answer: { user: `UA${i % 40}`, ts: `${1_700_000_000 + 199 * 604_800 + 10 + i}.000100`, text },
      });
    }
    await store.commit(ops);
    await store.close();
    app = await launch(fake, { dir });
  }, 120_000);

  it('the Home tab and its last page are accepted by Slack', async () => {
    const home = await openHome(app, 'UBIG');
    expect(rowsOf(home)[0]?.value).toBe(`CBIG/${newest}`);
    expect(rowsOf(home)[0]?.text).toContain('500 answers');
    const mark = lastSeq();
    await click(app, {
      user_id: 'UBIG',
      action_id: ACTIONS.homeOlder,
      value: '9',
      view: home as unknown as Record<string, unknown>,
    });
    const last = viewOf(await next('views.publish', (c) => c.args.user_id === 'UBIG', mark));
    expect(JSON.stringify(last.blocks)).toContain('(181–200 of 200)');
    expect(JSON.stringify(last.blocks)).toContain(ACTIONS.homeNewer);
  });

  it('the discussion modal pages through 500 long answers, each page accepted by Slack', async () => {
    let mark = lastSeq();
    await click(app, {
      user_id: 'UBIG',
      action_id: ACTIONS.openDiscussion,
      value: `CBIG/${newest}`,
      view: fake.homeView('UBIG') as Record<string, unknown>,
    });
    let view = viewOf(await opened(mark));
    expect(JSON.stringify(view.blocks)).toContain('answer 0:');
    const pages = Number(/page 1 of (\d+)/.exec(JSON.stringify(view.blocks))?.[1]);
    expect(pages).toBeGreaterThan(1);
    for (const page of [1, 2, pages - 1]) {
      mark = lastSeq();
      await click(app, {
        user_id: 'UBIG',
        action_id: ACTIONS.discussionNext,
        value: String(page),
        view: view as unknown as Record<string, unknown>,
      });
      view = viewOf(await next('views.update', () => true, mark));
      expect(JSON.stringify(view.blocks)).toContain(`page ${page + 1} of ${pages}`);
    }
    expect(JSON.stringify(view.blocks)).toContain('answer 499:');
    expect(JSON.stringify(view.blocks)).toContain('of 500 ·');
  });

  it('the CSV export holds every prompt and every answer', async () => {
    const uploads = fake.uploads().length;
    expect(replyText(await app.command('export', { channel_id: 'CBIG', user_id: 'UBIG' }))).toContain(
      PREPARING_EXPORT,
    );
    const deadline = Date.now() + WAIT;
    while (fake.uploads().length === uploads && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const upload = fake.uploads()[uploads];
    if (!upload) throw new Error('no upload');
    const rows = parseCsv(upload.bytes.toString('utf8').slice(1));
    expect(rows).toHaveLength(1 + 199 + 500);
    const text = CSV_COLUMNS.indexOf('answer_text');
    expect(
      rows
        .slice(1)
        .filter((r) => r[text] !== '')
        .map((r) => r[text]?.length),
    ).toEqual(Array(500).fill(4000));
  });

  it('`stats` stays compact', async () => {
    const text = replyText(await app.command('stats', { channel_id: 'CBIG' }));
    // 12 rows; those of one or two voters are shown as "fewer than 3 voters" (TALLY_MIN_VOTERS), not by lean.
    const bars = text.match(/`L [▮▯]{5} M`/g)?.length ?? 0;
    const small = text.match(/fewer than 3 voters/g)?.length ?? 0;
    expect([bars + small, small > 0]).toEqual([12, true]);
    // Prompts whose source did not say which it is are not compared.
    const undecided = library.all.filter((p) => p.view.leans === 'none').length;
    expect(text).toMatch(/Agreed with the source in \*\d+ of \d+ prompts\*/);
    const compared = Number(/Agreed with the source in \*\d+ of (\d+) prompts\*/.exec(text)?.[1]);
    expect(compared).toBeLessThanOrEqual(200);
    if (undecided > 0) expect(compared).toBeLessThan(200);
  });
});
