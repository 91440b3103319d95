/**
 * A failing disk (ENOSPC, EACCES) answers non-200 so Slack retries, logs what failed and where, and loses
 * nothing already stored. The bot runs in this process so the store's file layer can fail on purpose
 * (tests run as root, where chmod does not stop a write); Bolt's receiver and listeners run for real.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/slack/logger.js';
import { type FileHandleLike, nodeFiles, type StoreFiles } from '../../src/store/files.js';
import { tmpDir } from '../support/app-process.js';
import { eventBody, eventId, postSigned, reactionAdded, slashCommandBody } from '../support/signing.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';
import { answered, appEnv, BOT_TOKEN, SECRET } from './harness.js';

let fake: SlackFake;
beforeAll(async () => {
  fake = await startSlackFake();
});
afterAll(async () => {
  await fake.close();
});

/** The real file layer, whose writes fail with `code` while `failing.code` is set. */
function flakyDisk(failing: { code?: string }): Partial<StoreFiles> {
  return {
    open: async (path, flags) => {
      const h = await nodeFiles.open(path, flags);
      const handle: FileHandleLike = {
        read: (...a) => h.read(...a),
        write: (...a) => {
          if (failing.code) {
            const e = Object.assign(new Error(`${failing.code}: simulated failure, write`), {
              code: failing.code,
            });
            return Promise.reject(e);
          }
          return h.write(...a);
        },
        datasync: () => h.datasync(),
        sync: () => h.sync(),
        truncate: (n) => h.truncate(n),
        close: () => h.close(),
      };
      return handle;
    },
  };
}

describe('a failing write', () => {
  it.each(['ENOSPC', 'EACCES'])(
    '%s: answers non-200, logs the file, loses nothing, and the retry succeeds',
    async (code) => {
      const dbFile = join(tmpDir(), 'db.json');
      const checked = loadConfig(appEnv(fake, dbFile, { LOG_LEVEL: 'error', TALLY_MIN_VOTERS: '1' }));
      if (!checked.ok) throw new Error(checked.problems.join('\n'));
      const logged: string[] = [];
      const logger = createLogger({ level: 'info', secrets: [BOT_TOKEN, SECRET] });
      const capture = { ...logger, error: (...m: unknown[]) => logged.push(m.map(String).join(' ')) };
      const failing: { code?: string } = {};
      let bot: RunningBot = await startBot(checked.config, {
        logger: capture,
        storeOptions: { files: flakyDisk(failing) },
      });
      const url = () => `http://127.0.0.1:${bot.port}/slack/events`;
      const send = (body: string) => postSigned(url(), body, { secret: SECRET });
      const results = async () => {
        const res = await send(
          slashCommandBody({ text: 'results', channel_id: 'C1', response_url: fake.responseUrl() }),
        );
        return res.body;
      };

      try {
        await send(slashCommandBody({ text: 'now', channel_id: 'C1', response_url: fake.responseUrl() }));
        const post = await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C1');
        await fake.waitForCalls('reactions.add', 3);
        const ts = answered(post).ts as string;
        expect((await send(eventBody(reactionAdded({ user: 'U1', reaction: 'compass', ts })))).status).toBe(
          200,
        );

        failing.code = code;
        const id = eventId();
        const vote = eventBody(reactionAdded({ user: 'U2', reaction: 'compass', ts }), { event_id: id });
        const refused = await send(vote);
        expect(refused.status).not.toBe(200);
        expect(refused.status).toBeGreaterThanOrEqual(500);
        expect(logged.join('\n')).toContain(code);
        expect(logged.join('\n')).toContain(`${dbFile}.journal`);
        expect(await results()).toContain('1 vote from 1 person');

        failing.code = undefined;
        expect((await postSigned(url(), vote, { secret: SECRET, retryNum: 1 })).status).toBe(200);
        expect(await results()).toContain('2 votes from 2 people');

        await bot.stop();
        bot = await startBot(checked.config, { logger: capture });
        expect(await results()).toContain('2 votes from 2 people');
      } finally {
        await bot.stop();
        fake.reset();
      }
    },
  );
});
