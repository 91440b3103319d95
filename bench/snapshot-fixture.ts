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

/** Writes `votes` stored votes: 500 people on each past prompt, over 20 channels; every prompt closed. */
export function writeSnapshot(file: string, votes: number): { posts: number; bytes: number } {
  const ids = promptIds();
  const perPost = 500;
  const posts = Math.ceil(votes / perPost);
  const week = 604_800;
  const first = 1_600_000_000;
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
    const seconds = first + Math.floor(p / 20) * week + (p % 20);
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
    const post = {
      team: 'T1',
      channel: `CFILL${String(p % 20).padStart(2, '0')}`,
      ts: `${seconds}.000100`,
      promptId: ids[p % ids.length],
      postedAt: new Date(seconds * 1000).toISOString(),
      closedAt: new Date((seconds + 6 * 86_400) * 1000).toISOString(),
      votes: byEmoji,
      answers: [],
    };
    buffer += `${p === 0 ? '\n' : ',\n'}${JSON.stringify(post)}`;
    flush();
  }
  buffer += '\n]}\n';
  flush(true);
  closeSync(fd);
  return { posts, bytes: statSync(file).size };
}
