/**
 * Start-up: the snapshot (through lowdb and SnapshotFile, checked byte by byte before parsing), then the
 * journal lines with a seq above the snapshot's. A torn last line (an append that never completed) is
 * dropped; anything else the store cannot trust refuses start-up with a StoreOpenError that names the
 * file and how to recover, changing nothing.
 */
import { constants } from 'node:fs';
import { Low } from 'lowdb';
import {
  errorCode,
  errorMessage,
  type FileHandleLike,
  PRIVATE_FILE,
  type StoreFiles,
  syncPath,
} from './files.js';
import { JournalError, type JournalScan, JournalScanner } from './journal.js';
import type { StoreCounters, StorePaths } from './paths.js';
import { applyCommit } from './reducer.js';
import { SnapshotFile } from './snapshot-file.js';
import { SnapshotError } from './snapshot-load.js';
import { State, type StateLimits } from './state.js';
import { StoreOpenError } from './store.js';

interface Loaded {
  /** lowdb, holding the State as its data; `db.write()` folds it into the snapshot file. */
  db: Low<State>;
  snapshot: SnapshotFile;
  hasSnapshot: boolean;
  snapshotSeq: number;
  /** The journal, open for reading and writing. */
  handle: FileHandleLike;
  /** Bytes of good lines in the journal. */
  journalLength: number;
  /** Journal offset where the lines after the snapshot's seq begin. */
  snapOffset: number;
  /** Replay applied a deletion or an edit whose old text may still be in the files. */
  scrub: boolean;
}

/** The journal is read in pieces of this size. */
const READ_CHUNK = 4 * 1024 * 1024;

async function advice(files: StoreFiles, p: StorePaths): Promise<string> {
  const hasBak = await files.mtimeMs(p.bak).then(
    () => true,
    () => false,
  );
  const start = `or move ${p.file} and ${p.journal} away to start empty`;
  return hasBak
    ? `The previous good copy is ${p.bak}: inspect it and copy it over ${p.file} to recover (the journal ${p.journal} still holds the later commits), ${start}. Nothing was changed.`
    : `There is no previous good copy (${p.bak} does not exist): repair ${p.file} by hand, ${start}. Nothing was changed.`;
}

/** lowdb with the snapshot file's state as its data (an empty State when there is no file). */
async function readSnapshot(
  files: StoreFiles,
  p: StorePaths,
  limits: StateLimits,
  counters: StoreCounters,
): Promise<{ db: Low<State>; snapshot: SnapshotFile; hasSnapshot: boolean }> {
  const snapshot = new SnapshotFile(files, p.file, limits, () => {
    counters.fsyncs++;
  });
  const empty = new State(limits);
  const db = new Low<State>(snapshot, empty);
  try {
    await db.read();
  } catch (e) {
    if (e instanceof SnapshotError)
      throw new StoreOpenError(p.file, `${e.message}. ${await advice(files, p)}`);
    throw new StoreOpenError(p.file, `it cannot be read: ${errorMessage(e)}`);
  }
  return { db, snapshot, hasSnapshot: db.data !== empty };
}

async function openJournal(files: StoreFiles, p: StorePaths): Promise<FileHandleLike> {
  try {
    return await files.open(p.journal, constants.O_RDWR);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT')
      throw new StoreOpenError(p.journal, `it cannot be opened: ${errorMessage(e)}`);
  }
  const handle = await files.open(p.journal, constants.O_RDWR | constants.O_CREAT, PRIVATE_FILE);
  await syncPath(files, p.dir, true); // make the new file's name durable before commits rely on it
  return handle;
}

/** Reads the journal into `state`; returns where its good lines end and whether it needs a scrub. */
async function replay(
  files: StoreFiles,
  p: StorePaths,
  state: State,
  handle: FileHandleLike,
): Promise<JournalScan & { size: number; scrub: boolean }> {
  let scrub = false;
  const scanner = new JournalScanner(state.seq, (entry) => {
    if (entry.seq !== state.seq + 1) {
      throw new StoreOpenError(
        p.journal,
        `line ${entry.line} has seq ${entry.seq}, but ${p.file} ends at seq ${state.seq}: the commits in between are missing. ` +
          `If you restored an older snapshot on purpose, move ${p.journal} away to start from that snapshot alone. Nothing was changed.`,
      );
    }
    scrub = applyCommit(state, entry.seq, entry.eventId, entry.ops) || scrub;
  });
  let size = 0;
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, size);
      if (bytesRead <= 0) break;
      scanner.push(chunk.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { ...scanner.finish(), size, scrub };
  } catch (e) {
    if (e instanceof StoreOpenError) throw e;
    if (e instanceof JournalError) {
      throw new StoreOpenError(
        p.journal,
        `${e.message}. The journal is corrupt in the middle, not just torn at its end. ${await advice(files, p)}`,
      );
    }
    throw new StoreOpenError(p.journal, `it cannot be read: ${errorMessage(e)}`);
  }
}

/** Loads the store's files. `opened.handle` is set as soon as the journal is open, for cleanup on failure. */
export async function load(
  files: StoreFiles,
  p: StorePaths,
  limits: StateLimits,
  log: (message: string) => void,
  counters: StoreCounters,
  opened: { handle?: FileHandleLike },
): Promise<Loaded> {
  const { db, snapshot, hasSnapshot } = await readSnapshot(files, p, limits, counters);
  await snapshot.prune(true); // segment files a fold left behind when it failed or the process died
  const snapshotSeq = db.data.seq;
  const handle = await openJournal(files, p);
  opened.handle = handle;
  const scan = await replay(files, p, db.data, handle);
  if (scan.goodLength < scan.size) {
    await handle.truncate(scan.goodLength);
    await handle.datasync();
    log(
      `dropped a torn last line (${scan.size - scan.goodLength} bytes) from ${p.journal}: ` +
        'an append that never completed, so was never acknowledged',
    );
  }
  return {
    db,
    snapshot,
    hasSnapshot,
    snapshotSeq,
    handle,
    journalLength: scan.goodLength,
    snapOffset: scan.snapOffset,
    scrub: scan.scrub,
  };
}
