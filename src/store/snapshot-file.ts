/**
 * The snapshot as a lowdb adapter: `new Low(new SnapshotFile(…), new State(…))` holds the store's State as
 * lowdb's `data`; `read()` loads it from the files, `write()` saves it (snapshot.ts describes them).
 *
 * Why not lowdb's JSONFile: its `JSON.stringify(data, null, 2)` of the whole state would block the event
 * loop for seconds at a million answers and rewrite every answer on every save. This adapter writes only the
 * segments whose posts changed since the last save (a post at a time, letting other work in between), then
 * the snapshot file listing them. Each new file is created owner-only (0600) and fsync'd; the snapshot file
 * goes through a temporary file (`.<name>.tmp`) renamed over it, like lowdb's writer (steno) does; every call
 * goes through StoreFiles.
 *
 * Segment files no snapshot lists (the current one or `.bak`) are removed by `prune` (folds.ts calls it).
 */
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import {
  type FileHandleLike,
  PRIVATE_FILE,
  readIfExists,
  type StoreFiles,
  syncPath,
  unlinkIfExists,
  writeAll,
} from './files.js';
import { type Placed, SegmentWriter } from './segment-file.js';
import { generation, loadSegments, segmentList } from './segment-load.js';
import { captureSegments, HEADER_END, manifestText, type SegmentsImage } from './snapshot.js';
import { loadSnapshot } from './snapshot-load.js';
import type { State, StateLimits } from './state.js';
import { isOnDisk, onDiskAnswer } from './stored-answer.js';

/** How long a fold makes segment bytes before it lets other work (acks) in. */
const SLICE_MS = 8;

export class SnapshotFile implements Adapter<State> {
  readonly tmp: string;
  /**
   * Called by `write` when it has captured the state, in the same synchronous step, with the seq the
   * snapshot will hold: a fold notes there where the journal lines the snapshot holds end.
   */
  onCapture: ((seq: number) => void) | undefined;
  /** The file held a snapshot written before segments: the first fold rewrites it in segments. */
  legacy = false;
  private readonly dir: string;
  private readonly name: string;
  /** Segment id → its file, as the snapshot file lists them. */
  private current = new Map<number, string>();
  /** The segment files `.bak` lists. */
  private previous = new Set<string>();
  /** The last fold's generation (see snapshot.ts). */
  private gen = 0;
  /** Kept from one segment to the next: its old file's bytes, and the new file's (see `encode`). */
  private input = Buffer.alloc(0);
  private output = Buffer.alloc(0);

  constructor(
    private readonly files: StoreFiles,
    readonly file: string,
    private readonly limits: StateLimits,
    /** Called after each fsync, for the store's counters. */
    private readonly synced: () => void = () => undefined,
    /** How a fold lets other work in between slices, and how long a slice runs (tests change them). */
    private readonly yieldNow: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
    private readonly sliceMs = SLICE_MS,
  ) {
    this.dir = dirname(file);
    this.name = basename(file);
    this.tmp = join(this.dir, `.${this.name}.tmp`);
  }

  /**
   * The state in the files, or null when there is none. Throws the read error, or a SnapshotError when
   * the bytes are not a snapshot the store can trust (the files are left as they are).
   */
  async read(): Promise<State | null> {
    this.previous = new Set(await this.bakList());
    const raw = await readIfExists(this.files, this.file);
    if (raw === undefined) return null;
    const doc = segmentedDoc(raw);
    const list = doc === undefined ? undefined : segmentList(doc);
    if (list === undefined) {
      this.legacy = true;
      return loadSnapshot(raw, this.limits);
    }
    this.gen = generation(doc);
    this.current = new Map(list.map((f) => [segmentId(f), f]));
    return loadSegments(this.files, this.dir, doc, list, this.limits);
  }

  /** Writes the segments whose posts changed since the last write, then the snapshot file listing all. */
  write(state: State): Promise<void> {
    const image = captureSegments(state, (id) => this.current.has(id));
    this.onCapture?.(image.seq);
    return this.save(image);
  }

  /**
   * Removes segment files no snapshot lists: those of neither the snapshot file nor, with `keepBak`, `.bak`
   * (folds.ts points `.bak` at the new snapshot first when deleted text must leave the disk).
   */
  async prune(keepBak: boolean): Promise<void> {
    const keep = new Set(this.current.values());
    if (keepBak) for (const f of this.previous) keep.add(f);
    else this.previous = new Set(keep);
    const prefix = `${this.name}.s`;
    let removed = false;
    for (const f of await this.files.readdir(this.dir)) {
      if (f.startsWith(prefix) && /\.s\d+\.\d+$/.test(f) && !keep.has(f)) {
        await unlinkIfExists(this.files, join(this.dir, f));
        removed = true;
      }
    }
    if (removed) {
      await syncPath(this.files, this.dir, true);
      this.synced();
    }
  }

  private async save(image: SegmentsImage): Promise<void> {
    const { files, dir } = this;
    const gen = ++this.gen;
    const next = new Map<number, string>();
    const made: string[] = [];
    const placed: Placed[][] = [];
    try {
      const changed = new Set<number>();
      for (const { id, posts } of image.changed) {
        changed.add(id);
        if (posts.length === 0) continue;
        const name = `${this.name}.s${id}.${gen}`;
        const made1 = await this.encode(id, name, posts, image);
        made.push(name);
        await this.writeNew(join(dir, name), made1.bytes);
        next.set(id, name);
        placed.push(made1.placed);
      }
      for (const id of image.ids) {
        const f = changed.has(id) ? undefined : this.current.get(id);
        if (f !== undefined) next.set(id, f);
      }
      if (made.length > 0) {
        await syncPath(files, dir, true); // the new files' names are durable before the snapshot lists them
        this.synced();
      }
      const list = Array.from(next).sort((a, b) => a[0] - b[0]);
      const text = manifestText(
        image.fields,
        gen,
        list.map(([, f]) => f),
      );
      await this.writeNew(this.tmp, Buffer.from(text, 'utf8'));
      await files.rename(this.tmp, this.file);
    } catch (e) {
      image.failed();
      await unlinkIfExists(files, this.tmp).catch(() => undefined);
      for (const f of made) await unlinkIfExists(files, join(dir, f)).catch(() => undefined);
      throw e;
    } finally {
      image.release();
    }
    this.previous = new Set(this.current.values());
    this.current = next;
    this.legacy = false;
    // The snapshot file lists the new segments: answers read from now on find their texts there (a slice at
    // a time; the old files stay until the fold prunes them, after this).
    let sliceStart = performance.now();
    for (const list of placed) {
      for (const p of list) {
        const a = p.answer;
        const now = onDiskAnswer(a.user, a.ts, a.editedAt, a.deleteHash, p.file, p.offset, p.length);
        p.entry.answers.swap(a, now);
        if (performance.now() - sliceStart >= this.sliceMs) {
          await this.yieldNow();
          sliceStart = performance.now();
        }
      }
    }
  }

  /** One segment's bytes, made a post at a time; texts on disk are copied from the file they are in. */
  private async encode(
    id: number,
    name: string,
    posts: SegmentsImage['changed'][number]['posts'],
    image: SegmentsImage,
  ) {
    const writer = new SegmentWriter(id);
    const old = new Map<string, Buffer>();
    let sliceStart = performance.now();
    for (const entry of posts) {
      const post = image.image(entry);
      for (const a of post.answers) {
        if (!isOnDisk(a) || old.has(a.file)) continue;
        // The segment's old file, usually the only one its texts are in: read into a buffer kept for it.
        const path = join(this.dir, a.file);
        old.set(a.file, old.size === 0 ? await this.readInto(path) : await this.files.readFile(path));
      }
      writer.add(post, (a) => (old.get(a.file) ?? Buffer.alloc(0)).subarray(a.offset, a.offset + a.length));
      if (performance.now() - sliceStart >= this.sliceMs) {
        await this.yieldNow();
        sliceStart = performance.now();
      }
    }
    return writer.finish(name, (size) => {
      if (this.output.length < size) this.output = Buffer.allocUnsafe(size + (size >> 2));
      return this.output.subarray(0, size);
    });
  }

  /** The file's bytes, in `this.input` (grown when it is too small): valid until the next call. */
  private async readInto(path: string): Promise<Buffer> {
    const handle = await this.files.open(path, 'r');
    try {
      let size = 0;
      for (;;) {
        if (size === this.input.length) {
          const bigger = Buffer.allocUnsafe(Math.max(1 << 20, this.input.length * 2));
          this.input.copy(bigger, 0, 0, size);
          this.input = bigger;
        }
        const { bytesRead } = await handle.read(this.input, size, this.input.length - size, size);
        if (bytesRead <= 0) return this.input.subarray(0, size);
        size += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }

  /** Writes a new owner-only file and fsyncs it. */
  private async writeNew(path: string, bytes: Buffer): Promise<void> {
    await unlinkIfExists(this.files, path); // a leftover may have looser permissions: never reuse it
    const handle = await this.files.open(path, 'wx', PRIVATE_FILE);
    try {
      await writeAll(handle, bytes, 0);
      await handle.sync();
      this.synced();
    } finally {
      await handle.close();
    }
  }

  /** The segment files `.bak` lists (none when it is missing or a snapshot written before segments). */
  private async bakList(): Promise<string[]> {
    let handle: FileHandleLike;
    try {
      handle = await this.files.open(`${this.file}.bak`, 'r');
    } catch {
      return [];
    }
    try {
      const line = await firstLine(handle);
      if (line === undefined || line.endsWith(HEADER_END)) return [];
      return segmentList(JSON.parse(line)) ?? [];
    } catch {
      return []; // a `.bak` the store cannot read lists nothing to keep
    } finally {
      await handle.close();
    }
  }
}

/** The snapshot file parsed when it is a snapshot in segments; undefined for one written before them. */
function segmentedDoc(raw: Buffer): unknown {
  if (raw[0] !== 0x7b) return undefined; // '{'; loadSnapshot says what else it is
  const nl = raw.indexOf(10);
  if (nl >= 0 && raw.toString('utf8', Math.max(0, nl - HEADER_END.length), nl) === HEADER_END)
    return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

function segmentId(file: string): number {
  return Number(/\.s(\d+)\.\d+$/.exec(file)?.[1]);
}

/** The file's first line (up to 64 MiB), or undefined when it has no newline. */
async function firstLine(handle: FileHandleLike): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1024 * 1024);
  let position = 0;
  while (position < 64 * buf.length) {
    const { bytesRead } = await handle.read(buf, 0, buf.length, position);
    if (bytesRead <= 0) return undefined;
    const got = buf.subarray(0, bytesRead);
    const nl = got.indexOf(10);
    if (nl >= 0) return Buffer.concat([...chunks, got.subarray(0, nl)]).toString('utf8');
    chunks.push(Buffer.from(got));
    position += bytesRead;
  }
  return undefined;
}
