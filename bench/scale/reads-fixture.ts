/**
 * The archive bench/scale/reads.ts reads: one workspace of `channels` channels, one of them holding `prompts`
 * prompts and each of the others `others`; every prompt closed, with a results summary, 20 votes (a few people
 * with two emoji), 8 second-look votes (some moved) and 10 answers of 200 characters. Committed through the
 * real file store in large batches (so it follows whatever layout the store keeps on disk).
 */
import { type FileStore, openStore } from '../../src/store/file-store.js';
import type { Op } from '../../src/store/schema.js';
import { EMOJI, promptIds } from '../snapshot-fixture.js';

export const TEAM = 'T1';

export interface ArchiveFixture {
  store: FileStore;
  team: string;
  /** The channel that holds `prompts` prompts. */
  channel: string;
  channels: string[];
  prompts: number;
  answers: number;
  totalPrompts: number;
}

const DAY = 86_400;
const FIRST = 1_500_000_000;
const TEXT =
  'We tried to agree on who decides, and it turned out the real question was who carries it out. '.repeat(3);

/** The ops of one closed prompt with its votes, second look and answers. */
function promptOps(channel: string, seconds: number, promptId: string, n: number): Op[] {
  const ts = `${seconds}.000100`;
  const at = (s: number) => new Date(s * 1000).toISOString();
  const ops: Op[] = [{ type: 'post', post: { team: TEAM, channel, ts, promptId, postedAt: at(seconds) } }];
  for (let u = 0; u < 20; u++) {
    const emoji = EMOJI[(u + n) % 3] ?? 'compass';
    const user = `U${String(u).padStart(6, '0')}`;
    ops.push({
      type: 'vote',
      team: TEAM,
      channel,
      ts,
      vote: { user, emoji, on: true, eventTs: `${seconds + 60 + u}.000001` },
    });
    if (u % 7 === 0) {
      const other = EMOJI[(u + n + 1) % 3] ?? 'clipboard';
      ops.push({
        type: 'vote',
        team: TEAM,
        channel,
        ts,
        vote: { user, emoji: other, on: true, eventTs: `${seconds + 90 + u}.000001` },
      });
    }
  }
  for (let a = 0; a < 10; a++) {
    ops.push({
      type: 'answer',
      team: TEAM,
      channel,
      threadTs: ts,
      answer: {
        user: `U${String(a * 2).padStart(6, '0')}`,
        ts: `${seconds + 600 + a}.000200`,
        text: `${a} ${TEXT}`.slice(0, 200),
      },
    });
  }
  ops.push({ type: 'close', team: TEAM, channel, ts, at: at(seconds + 6 * DAY) });
  const summaryTs = `${seconds + 6 * DAY}.000300`;
  ops.push({ type: 'summary', team: TEAM, channel, ts, summaryTs });
  for (let u = 0; u < 8; u++) {
    const emoji = EMOJI[(u + n + (u % 3 === 0 ? 1 : 0)) % 3] ?? 'compass';
    ops.push({
      type: 'second-vote',
      team: TEAM,
      channel,
      ts,
      vote: {
        user: `U${String(u).padStart(6, '0')}`,
        emoji,
        on: true,
        eventTs: `${seconds + 7 * DAY + u}.1`,
      },
    });
  }
  return ops;
}

export async function buildArchive(
  file: string,
  opts: { prompts: number; channels: number; others: number },
): Promise<ArchiveFixture> {
  const store = await openStore(file, {
    foldEveryMs: 0,
    foldBytes: 4 * 1024 * 1024 * 1024,
    log: (m) => console.error(`[store] ${m}`),
  });
  const ids = promptIds();
  const channels = Array.from({ length: opts.channels }, (_, i) => `C${String(i).padStart(5, '0')}`);
  const channel = channels[0] ?? 'C00000';
  let batch: Op[] = [];
  const pending: Promise<boolean>[] = [];
  const push = async (ops: Op[]) => {
    batch.push(...ops);
    if (batch.length < 4000) return;
    pending.push(store.commit(batch));
    batch = [];
    if (pending.length >= 8) await Promise.all(pending.splice(0));
  };
  let n = 0;
  // The measured channel: a prompt a day; the others spread over the same years.
  for (let p = 0; p < opts.prompts; p++) {
    await push(promptOps(channel, FIRST + p * DAY, ids[n % ids.length] ?? 'x', n));
    n++;
  }
  const span = Math.max(1, opts.prompts) * DAY;
  for (const [c, other] of channels.slice(1).entries()) {
    for (let p = 0; p < opts.others; p++) {
      const seconds = FIRST + Math.floor(((p + c / channels.length) / opts.others) * span) + 1 + c;
      await push(promptOps(other, seconds, ids[n % ids.length] ?? 'x', n));
      n++;
    }
  }
  pending.push(store.commit(batch));
  await Promise.all(pending);
  return {
    store,
    team: TEAM,
    channel,
    channels,
    prompts: opts.prompts,
    answers: opts.prompts * 10,
    totalPrompts: n,
  };
}
