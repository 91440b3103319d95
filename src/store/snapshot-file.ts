/**
 * The snapshot file as a lowdb adapter: `new Low(new SnapshotFile(…), new State(…))` holds the store's
 * State as lowdb's `data`; `read()` loads it from the file, `write()` saves it.
 *
 * Why not lowdb's JSONFile: its `JSON.stringify(data, null, 2)` would spend six lines on each vote and
 * block the event loop for most of a second at a million votes; this adapter writes the snapshot format
 * (snapshot.ts) a slice at a time. Like lowdb's writer (steno) it writes a temporary file next to the
 * target (`.<name>.tmp`) and renames it over the target; unlike it, the temporary file is created
 * owner-only (0600) and fsync'd before the rename, and every call goes through StoreFiles.
 */
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import {
  type FileHandleLike,
  PRIVATE_FILE,
  readIfExists,
  type StoreFiles,
  unlinkIfExists,
  writeAll,
} from './files.js';
import { captureSnapshot, type SnapshotImage } from './snapshot.js';
import { loadSnapshot } from './snapshot-load.js';
import type { State, StateLimits } from './state.js';

export class SnapshotFile implements Adapter<State> {
  readonly tmp: string;
  /**
   * Called by `write` when it has captured the state, in the same synchronous step, with the seq the
   * snapshot will hold: a fold notes there where the journal lines the snapshot holds end.
   */
  onCapture: ((seq: number) => void) | undefined;

  constructor(
    private readonly files: StoreFiles,
    readonly file: string,
    private readonly limits: StateLimits,
    /** Called after each fsync, for the store's counters. */
    private readonly synced: () => void = () => undefined,
  ) {
    this.tmp = join(dirname(file), `.${basename(file)}.tmp`);
  }

  /**
   * The state in the file, or null when there is none. Throws the read error, or a SnapshotError when
   * the bytes are not a snapshot the store can trust (the file is left as it is).
   */
  async read(): Promise<State | null> {
    const raw = await readIfExists(this.files, this.file);
    return raw === undefined ? null : loadSnapshot(raw, this.limits);
  }

  /** Captures `state` now (see captureSnapshot) and writes it: temporary file, fsync, rename. */
  write(state: State): Promise<void> {
    const image = captureSnapshot(state);
    this.onCapture?.(image.seq);
    return this.save(image);
  }

  private async save(image: SnapshotImage): Promise<void> {
    const { files, tmp } = this;
    try {
      await unlinkIfExists(files, tmp); // a leftover may have looser permissions: never reuse it
      const handle = await files.open(tmp, 'wx', PRIVATE_FILE);
      try {
        await writeSlices(handle, image.slices);
        await handle.sync();
        this.synced();
      } finally {
        await handle.close();
      }
      await files.rename(tmp, this.file);
    } catch (e) {
      await unlinkIfExists(files, tmp).catch(() => undefined);
      throw e;
    } finally {
      image.release();
    }
  }
}

/** Writes each slice as it comes, the next one being made while the previous one is written. */
async function writeSlices(handle: FileHandleLike, slices: AsyncIterable<Buffer>): Promise<void> {
  let position = 0;
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const slice of slices) {
      await writing;
      writing = writeAll(handle, slice, position);
      writing.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
      position += slice.length;
    }
  } finally {
    await writing;
  }
}
