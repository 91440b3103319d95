/**
 * Shared pieces for the store tests: temp folders, op builders, a state dump for comparisons, a crash
 * copy (the files as a killed process would leave them) and a file layer that fails on demand.
 */

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { VoteEmoji } from '../../src/domain/options.js';
import { type FileStore, type OpenStoreOptions, openStore } from '../../src/store/file-store.js';
import { type FileHandleLike, nodeFiles, type StoreFiles } from '../../src/store/files.js';
import type { Op, ScheduleRecord, TeamPromptRecord } from '../../src/store/schema.js';
import type { State } from '../../src/store/state.js';
import { type Store, StoreOpenError } from '../../src/store/store.js';
import { readTexts } from '../../src/store/stored-answer.js';

export const T = 'T0001';
export const C = 'C0001';

const tempDirs: string[] = [];

/** A path in a fresh temp folder; `removeTempDirs` (call it in afterAll) deletes them all. */
export function tempFile(name = 'db.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvm-store-'));
  tempDirs.push(dir);
  return join(dir, name);
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Expects opening `file` to fail with a StoreOpenError, and returns it. */
export async function openError(file: string, opts: OpenStoreOptions = {}): Promise<StoreOpenError> {
  const error = await open(file, opts).then(
    async (s) => {
      await s.close();
      throw new Error('expected the store to refuse to open');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreOpenError);
  return error as StoreOpenError;
}

/** Opens with the timer off and problems collected instead of printed. */
export function open(file: string, opts: OpenStoreOptions = {}): Promise<FileStore> {
  return openStore(file, { foldEveryMs: 0, log: () => undefined, ...opts });
}

export const postOp = (ts: string, channel = C, team = T): Op => ({
  type: 'post',
  post: { team, channel, ts, promptId: `p-${ts}`, postedAt: '2025-11-25T10:00:00.000Z' },
});

export const voteOp = (
  ts: string,
  user: string,
  emoji: VoteEmoji,
  on: boolean,
  eventTs: string,
  channel = C,
  team = T,
): Op => ({ type: 'vote', team, channel, ts, vote: { user, emoji, on, eventTs } });

export const answerOp = (
  threadTs: string,
  ts: string,
  text: string,
  user = 'U1',
  channel = C,
  team = T,
): Op => ({
  type: 'answer',
  team,
  channel,
  threadTs,
  answer: { user, ts, text },
});

export const scheduleRecord = (channel = C, team = T): ScheduleRecord => ({
  team,
  channel,
  cron: '0 9 * * 1',
  tz: 'Europe/Berlin',
  paused: false,
  origin: 'command',
  since: '2025-11-01T00:00:00.000Z',
});

/** Everything readable through the Store interface for the given channels, event ids and answer ts. */
export async function dump(
  store: Store,
  where: { team?: string; channels: string[]; eventIds?: string[]; answerTs?: string[] },
): Promise<unknown> {
  const team = where.team ?? T;
  const byChannel = [];
  for (const channel of where.channels) {
    const posts = [];
    for (const p of await store.posts(team, channel)) {
      const votes = await store.votes(team, channel, p.ts);
      posts.push({
        ...p,
        votes: votes.sort((a, b) => `${a.emoji}${a.user}`.localeCompare(`${b.emoji}${b.user}`)),
        answers: await store.answers(team, channel, p.ts),
      });
    }
    const threads = [];
    for (const ts of where.answerTs ?? []) {
      threads.push([
        (await store.threadOf(team, channel, ts))?.ts,
        await store.isTombstoned(team, channel, ts),
      ]);
    }
    byChannel.push({
      channel,
      posts,
      schedule: await store.schedule(team, channel),
      rotation: await store.rotation(team, channel),
      settings: await store.channelSettings(team, channel),
      threads,
    });
  }
  return {
    channels: (await store.channels(team)).sort(),
    byChannel,
    schedules: (await store.schedules()).sort((a, b) => a.channel.localeCompare(b.channel)),
    workspaceSettings: await store.workspaceSettings(team),
    teamPrompts: await store.teamPrompts(team),
    seen: await Promise.all((where.eventIds ?? []).map((id) => store.seen(id))),
  };
}

/**
 * Copies the store's files (not its lock) into a fresh folder, as a crash would leave them, and
 * returns the snapshot path there. The store may still be writing: a file gone by the time it is copied is left out.
 */
export function crashCopy(file: string): string {
  const target = tempFile(basename(file));
  for (const name of readdirSync(dirname(file))) {
    if (name.startsWith(basename(file)) && !name.endsWith('.lock')) {
      try {
        cpSync(join(dirname(file), name), join(dirname(target), name));
      } catch (error) {
        // A temporary file the open store renamed or removed since the listing: a crash then would not have left it.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return target;
}

/** The bytes of every file of a store, by name (lock excluded; a file an open store renamed since the listing too). */
export function filesOf(file: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dirname(file)).sort()) {
    if (name.endsWith('.lock')) continue;
    try {
      out.set(name, readFileSync(join(dirname(file), name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return out;
}

export function fsError(code: string, syscall: string): Error {
  const text: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EACCES: 'permission denied',
    EIO: 'i/o error',
  };
  return Object.assign(new Error(`${code}: ${text[code] ?? 'failed'}, ${syscall}`), { code, syscall });
}

/** Switches for `faultyFiles`. */
export interface Faults {
  /** Journal appends fail with this code after writing half their bytes. */
  write?: string;
  /** Journal fdatasync fails with this code. */
  datasync?: string;
  /** The fsync of a snapshot file being written (a segment file, or the snapshot file's temporary file) fails with this code. */
  snapshotSync?: string;
  /** Only this many more failures, then the disk "recovers". */
  times?: number;
  /** Called before every file call the store makes, with its name and path. */
  spy?: (call: string, path: string) => void;
}

function take(faults: Faults): boolean {
  if (faults.times === undefined) return true;
  if (faults.times <= 0) return false;
  faults.times--;
  return true;
}

/** A file layer that fails journal writes or syncs on demand (tests run as root: chmod blocks nothing). */
export function faultyFiles(faults: Faults): StoreFiles {
  const journalHandle = (h: FileHandleLike): FileHandleLike => ({
    read: (b, o, l, p) => h.read(b, o, l, p),
    async write(buffer, offset, length, position) {
      if (faults.write && take(faults)) {
        const half = Math.floor(length / 2);
        if (half > 0) await h.write(buffer, offset, half, position);
        throw fsError(faults.write, 'write');
      }
      return h.write(buffer, offset, length, position);
    },
    async datasync() {
      if (faults.datasync && take(faults)) throw fsError(faults.datasync, 'fdatasync');
      return h.datasync();
    },
    sync: () => h.sync(),
    truncate: (n) => h.truncate(n),
    close: () => h.close(),
  });
  const snapshotHandle = (h: FileHandleLike): FileHandleLike => ({
    ...journalHandle(h),
    write: (b, o, l, p) => h.write(b, o, l, p),
    datasync: () => h.datasync(),
    async sync() {
      if (faults.snapshotSync && take(faults)) throw fsError(faults.snapshotSync, 'fsync');
      return h.sync();
    },
  });
  const spy = (call: string, path: string) => faults.spy?.(call, path);
  return {
    async open(path, flags, mode) {
      spy('open', path);
      const h = await nodeFiles.open(path, flags, mode);
      if (basename(path).startsWith('.') && path.endsWith('.tmp')) return snapshotHandle(h);
      if (/\.s\d+\.\d+$/.test(path)) return snapshotHandle(h); // a segment file
      return path.endsWith('.journal') || path.endsWith('.journal.tmp') ? journalHandle(h) : h;
    },
    readFile(path) {
      spy('readFile', path);
      return nodeFiles.readFile(path);
    },
    rename(from, to) {
      spy('rename', to);
      return nodeFiles.rename(from, to);
    },
    link(from, to) {
      spy('link', to);
      return nodeFiles.link(from, to);
    },
    copyFile(from, to) {
      spy('copyFile', to);
      return nodeFiles.copyFile(from, to);
    },
    unlink(path) {
      spy('unlink', path);
      return nodeFiles.unlink(path);
    },
    mkdir(path) {
      spy('mkdir', path);
      return nodeFiles.mkdir(path);
    },
    mtimeMs(path) {
      spy('mtimeMs', path);
      return nodeFiles.mtimeMs(path);
    },
    utimes(path, time) {
      spy('utimes', path);
      return nodeFiles.utimes(path, time);
    },
    readdir(path) {
      spy('readdir', path);
      return nodeFiles.readdir(path);
    },
  };
}

/**
 * Registers stores opened by a test file so each is closed after its test (releasing its lock).
 * Call once at the top of a file; wrap each open in the returned function.
 */
export function closeAfterEach(): (p: Promise<FileStore>) => Promise<FileStore> {
  const opened: FileStore[] = [];
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((s) => s.close()));
  });
  return async (p) => {
    const s = await p;
    opened.push(s);
    return s;
  };
}

/** A workspace's own prompt as the store keeps it; `overrides` changes what a test is about. */
export function teamPromptRecord(id: string, overrides: Partial<TeamPromptRecord> = {}): TeamPromptRecord {
  return {
    team: T,
    id,
    status: 'pending',
    via: 'suggestion',
    author: 'U1',
    createdAt: '2025-11-25T10:00:00.000Z',
    form: 'statement',
    themes: [],
    text: `Prompt ${id}: the team lead rewrites the rota every Friday.`,
    discuss: 'Who would notice if she stopped?',
    source: { title: 'Our offsite notes', credit: 'Dana, in the retro', link: 'https://example.com/notes' },
    view: { leans: 'management', argument: 'Dana called it keeping the trains on time.' },
    ...overrides,
  };
}

/**
 * Puts the answers' texts back into a state loaded from the snapshot at `file` (they stay on disk in the
 * segment files), so `serializeSnapshot` can show the whole state as one document.
 */
export async function withTexts(state: State, file: string): Promise<State> {
  for (const entry of state.postEntries()) {
    const stored = [...entry.answers.values()];
    const full = await readTexts(nodeFiles, dirname(file), stored);
    stored.forEach((a, i) => {
      const record = full[i];
      if (record) entry.answers.swap(a, record);
    });
  }
  return state;
}
