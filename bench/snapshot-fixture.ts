/**
 * The store, pre-filled for bench/run.ts and bench/heap.ts: a snapshot file in the layout src/store/snapshot.ts
 * reads line by line, written directly (no app needed).
 */
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MB = 1024 * 1024;
export const EMOJI = ['compass', 'clipboard', 'handshake'] as const;

/** "1k", "100k", "1m" → a number. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`bad size "${text}" (examples: 1k, 100k, 1m)`);
  return Math.round(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 }[(m[2] ?? '').toLowerCase()] ?? 1));
}

export function promptIds(): string[] {
  const ids: string[] = [];
  const dir = join(ROOT, 'prompts');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/^- id: (\S+)/gm))
      if (m[1]) ids.push(m[1]);
  }
  if (ids.length === 0) throw new Error('no prompt ids found under prompts/');
  return ids;
}

export interface FixtureShape {
  /** Votes on each prompt (default 500). */
  perPost?: number;
  /** Answers in each prompt's thread (default none). */
  answersPerPost?: number;
  /** Characters in each answer (default 200). */
  answerChars?: number;
}

const FILLER = 'we argued about whether the lead should decide or the manager should plan, and ';

/** Answer `a` of post `p`: a text of `chars` characters that no other answer has (it starts with its ids). */
export function answerText(p: number, a: number, chars: number): string {
  const head = `answer ${p}-${a}: `;
  return (head + FILLER.repeat(Math.ceil(chars / FILLER.length))).slice(0, chars);
}

/** The ts of answer `a` in post `p`'s thread (see writeSnapshot). */
export function answerTs(p: number, a: number): string {
  return `${postSeconds(p) + 120}.${String(a).padStart(6, '0')}`;
}

const WEEK = 604_800;
const FIRST = 1_600_000_000;
/** Post `p`'s ts in seconds: a week between prompts in each of 20 channels. */
export function postSeconds(p: number): number {
  return FIRST + Math.floor(p / 20) * WEEK + (p % 20);
}
/** Post `p`'s channel and ts. */
export function postKey(p: number): { channel: string; ts: string } {
  return { channel: `CFILL${String(p % 20).padStart(2, '0')}`, ts: `${postSeconds(p)}.000100` };
}

/**
 * Writes `votes` stored votes: 500 people (or `shape.perPost`) on each past prompt, over 20 channels; every
 * prompt closed; `shape.answersPerPost` answers of `shape.answerChars` characters in each thread.
 */
export function writeSnapshot(
  file: string,
  votes: number,
  shape: FixtureShape = {},
): { posts: number; bytes: number } {
  const ids = promptIds();
  const perPost = shape.perPost ?? 500;
  const answersPerPost = shape.answersPerPost ?? 0;
  const answerChars = shape.answerChars ?? 200;
  const posts = Math.ceil(votes / perPost);
  const fd = openSync(file, 'w');
  let buffer = '';
  const flush = (force = false) => {
    if (buffer.length > MB || (force && buffer.length > 0)) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  const header = JSON.stringify({
    version: 1,
    seq: 0,
    schedules: [],
    rotations: [],
    tombstones: [],
    eventIds: [],
  });
  buffer += `${header.slice(0, -1)},"posts":[`;
  let left = votes;
  for (let p = 0; p < posts; p++) {
    const seconds = postSeconds(p);
    const n = Math.min(perPost, left);
    left -= n;
    const byEmoji: Record<string, [string, 1, string][]> = { compass: [], clipboard: [], handshake: [] };
    for (let u = 0; u < n; u++) {
      byEmoji[EMOJI[u % 3] as string]?.push([
        `U${String(u).padStart(8, '0')}`,
        1,
        `${seconds + 60}.${String(u).padStart(6, '0')}`,
      ]);
    }
    const answers = [];
    for (let a = 0; a < answersPerPost; a++) {
      answers.push({
        user: `U${String(a).padStart(8, '0')}`,
        ts: answerTs(p, a),
        text: answerText(p, a, answerChars),
      });
    }
    const post = {
      team: 'T1',
      ...postKey(p),
      promptId: ids[p % ids.length],
      postedAt: new Date(seconds * 1000).toISOString(),
      closedAt: new Date((seconds + 6 * 86_400) * 1000).toISOString(),
      votes: byEmoji,
      answers,
    };
    buffer += `${p === 0 ? '\n' : ',\n'}${JSON.stringify(post)}`;
    flush();
  }
  buffer += '\n]}\n';
  flush(true);
  closeSync(fd);
  return { posts, bytes: statSync(file).size };
}
