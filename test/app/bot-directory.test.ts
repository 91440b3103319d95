/**
 * The paced users.info queue (src/app/bot-directory.ts) on vitest's fake clock (Date.now and timers), with a Web API
 * client stub whose answers the test releases: the pacing is about time and concurrency, which a real HTTP round
 * trip would only blur.
 */
import type { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { botDirectory, LOOKUPS_PER_SECOND } from '../../src/app/bot-directory.js';

interface Asked {
  team: string;
  user: string;
  answered: boolean;
  answer(isBot: boolean): void;
  fail(error: Error): void;
}

/** users.info calls wait until the test answers them; `asked` lists them in order, `open` those not answered. */
function slackStub() {
  const asked: Asked[] = [];
  let open = 0;
  const clientOf = (team: string) =>
    ({
      users: {
        info: ({ user }: { user: string }) =>
          new Promise((resolve, reject) => {
            open += 1;
            const entry: Asked = {
              team,
              user,
              answered: false,
              answer: (isBot) => {
                done();
                resolve({ ok: true, user: { id: user, is_bot: isBot } });
              },
              fail: (error) => {
                done();
                reject(error);
              },
            };
            const done = () => {
              entry.answered = true;
              open -= 1;
            };
            asked.push(entry);
          }),
      },
    }) as unknown as webApi.WebClient;
  /** Answers every look-up still waiting: a person, not a bot. */
  const answerAll = () => {
    for (const a of asked) if (!a.answered) a.answer(false);
  };
  return { clientOf, asked, open: () => open, answerAll };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the paced users.info queue', () => {
  it('When many new voters come at once, then at most four look-ups are in flight and a burst of 20 is followed by 20 a second', async () => {
    const slack = slackStub();
    const directory = botDirectory(slack.clientOf);
    const users = Array.from({ length: 45 }, (_, i) => `U${i}`);
    const answers = users.map((u) => directory.isBot('T1', u));
    let most = 0;
    // Answer everything as it comes, for as long as the clock has not moved.
    for (let round = 0; round < 20; round++) {
      await settle();
      most = Math.max(most, slack.open());
      slack.answerAll();
    }
    expect(most).toBe(4);
    expect(slack.asked).toHaveLength(LOOKUPS_PER_SECOND);

    // Then one every 50 ms.
    await vi.advanceTimersByTimeAsync(50);
    expect(slack.asked).toHaveLength(LOOKUPS_PER_SECOND + 1);
    for (let ms = 0; ms < 1000; ms += 50) {
      slack.answerAll();
      await vi.advanceTimersByTimeAsync(50);
    }
    slack.answerAll();
    expect(slack.asked.map((a) => a.user)).toEqual(users.slice(0, slack.asked.length)); // in arrival order
    expect(slack.asked.length).toBeGreaterThanOrEqual(2 * LOOKUPS_PER_SECOND);
    expect(slack.asked.length).toBeLessThanOrEqual(2 * LOOKUPS_PER_SECOND + 1);
    await directory.stop();
    await Promise.allSettled(answers);
  });

  it('When one person votes several times before the answer, then they share one look-up, and the answer is remembered per workspace', async () => {
    const slack = slackStub();
    const directory = botDirectory(slack.clientOf);
    const votes = [directory.isBot('T1', 'UB'), directory.isBot('T1', 'UB'), directory.isBot('T1', 'UB')];
    await settle();
    expect(slack.asked).toHaveLength(1);
    slack.asked[0]?.answer(true);
    expect(await Promise.all(votes)).toEqual([true, true, true]);
    expect(directory.known('T1', 'UB')).toBe(true);
    expect(await directory.isBot('T1', 'UB')).toBe(true);
    expect(slack.asked).toHaveLength(1);
    // The same id in another workspace is another person.
    expect(directory.known('T2', 'UB')).toBeUndefined();
    const other = directory.isBot('T2', 'UB');
    await settle();
    expect(slack.asked.map((a) => [a.team, a.user])).toEqual([
      ['T1', 'UB'],
      ['T2', 'UB'],
    ]);
    slack.asked[1]?.answer(false);
    expect(await other).toBe(false);
  });

  it('When a look-up fails, then those waiting get the error and the next vote asks again', async () => {
    const slack = slackStub();
    const directory = botDirectory(slack.clientOf);
    const first = directory.isBot('T1', 'UF');
    await settle();
    slack.asked[0]?.fail(new Error('ratelimited'));
    await expect(first).rejects.toThrow('ratelimited');
    expect(directory.known('T1', 'UF')).toBeUndefined();
    const again = directory.isBot('T1', 'UF');
    await settle();
    expect(slack.asked).toHaveLength(2);
    slack.asked[1]?.answer(false);
    expect(await again).toBe(false);
  });

  it('When a vote is checked later, then its follow-up runs for a bot only, at once for a bot already known, never for a known person', async () => {
    const slack = slackStub();
    const directory = botDirectory(slack.clientOf, undefined, [{ team: 'T1', user: 'UOWN' }]);
    const withdrawn: string[] = [];
    const withdraw = (user: string) => async () => {
      withdrawn.push(user);
    };
    directory.checkLater('T1', 'UOWN', withdraw('UOWN')); // the app's own bot: known, no look-up
    directory.checkLater('T1', 'UBOT', withdraw('UBOT'));
    directory.checkLater('T1', 'UHUMAN', withdraw('UHUMAN'));
    await settle();
    expect(slack.asked.map((a) => a.user)).toEqual(['UBOT', 'UHUMAN']);
    slack.asked[0]?.answer(true);
    slack.asked[1]?.answer(false);
    await settle();
    expect(withdrawn).toEqual(['UOWN', 'UBOT']);
    directory.checkLater('T1', 'UHUMAN', withdraw('UHUMAN'));
    await settle();
    expect(slack.asked).toHaveLength(2);
    expect(withdrawn).toEqual(['UOWN', 'UBOT']);
  });

  it('When it stops, then queued look-ups are dropped (and logged), those in flight and their follow-ups are waited for', async () => {
    const slack = slackStub();
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: () => {}, error: () => {} };
    const directory = botDirectory(slack.clientOf, logger);
    const withdrawn: string[] = [];
    for (let i = 0; i < 6; i++)
      directory.checkLater('T1', `U${i}`, async () => {
        withdrawn.push(`U${i}`);
      });
    await settle();
    expect(slack.asked).toHaveLength(4);
    let stopped = false;
    const stopping = directory.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(lines).toEqual(['stopping: 2 users.info look-ups not made']);
    expect(stopped).toBe(false);
    for (const a of slack.asked) a.answer(true);
    await stopping;
    expect(withdrawn).toEqual(['U0', 'U1', 'U2', 'U3']);
    expect(slack.asked).toHaveLength(4);
    await expect(directory.isBot('T1', 'U4')).rejects.toThrow('stopped');
  });
});
