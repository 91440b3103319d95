/**
 * The file-system calls the store makes (the snapshot adapter's too), behind a small object so tests can
 * make one of them fail (ENOSPC, EACCES, EIO) or copy the files mid-fold.
 */
import * as fsp from 'node:fs/promises';

export interface FileHandleLike {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  /** fdatasync */
  datasync(): Promise<void>;
  /** fsync */
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** Files the store creates hold people's answers and ids: only the owner may read them. */
export const PRIVATE_FILE = 0o600;
/** A data folder the store creates. */
const PRIVATE_DIR = 0o700;

export interface StoreFiles {
  /** `mode` applies when the call creates the file (the store passes PRIVATE_FILE). */
  open(path: string, flags: string | number, mode?: number): Promise<FileHandleLike>;
  readFile(path: string): Promise<Buffer>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Creates the folder and missing parents with PRIVATE_DIR; an existing folder is left as it is. */
  mkdir(path: string): Promise<void>;
  mtimeMs(path: string): Promise<number>;
  /** The names in a folder. */
  readdir(path: string): Promise<string[]>;
  /** Sets the access and modification times (the lock's heartbeat). */
  utimes(path: string, time: Date): Promise<void>;
}

export const nodeFiles: StoreFiles = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  readFile: (path) => fsp.readFile(path),
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
  copyFile: (from, to) => fsp.copyFile(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true, mode: PRIVATE_DIR });
  },
  mtimeMs: async (path) => (await fsp.stat(path)).mtimeMs,
  readdir: (path) => fsp.readdir(path),
  utimes: (path, time) => fsp.utimes(path, time, time),
};

export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
}

/** `link` errors meaning "this file system has no hard links". */
const NO_LINKS = new Set(['EPERM', 'EXDEV', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

export function hasNoHardLinks(e: unknown): boolean {
  return NO_LINKS.has(errorCode(e) ?? '');
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The file's bytes, or undefined when it does not exist. */
export async function readIfExists(files: StoreFiles, path: string): Promise<Buffer | undefined> {
  try {
    return await files.readFile(path);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

export async function unlinkIfExists(files: StoreFiles, path: string): Promise<void> {
  try {
    await files.unlink(path);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
}

/** Writes all of `buf` at `position`, looping over short writes. */
export async function writeAll(handle: FileHandleLike, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await handle.write(buf, done, buf.length - done, position + done);
    if (bytesWritten <= 0) throw new Error('write returned no progress');
    done += bytesWritten;
  }
}

/** Reads `length` bytes at `position`. */
export async function readAt(handle: FileHandleLike, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead <= 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
  return buf;
}

/** fsync of a file (by path) or a directory; directories that cannot be fsync'd (Windows) are skipped. */
export async function syncPath(files: StoreFiles, path: string, isDir = false): Promise<void> {
  let handle: FileHandleLike;
  try {
    handle = await files.open(path, 'r');
  } catch (e) {
    if (isDir && (errorCode(e) === 'EISDIR' || errorCode(e) === 'EPERM')) return;
    throw e;
  }
  try {
    await handle.sync();
  } catch (e) {
    if (!(isDir && (errorCode(e) === 'EINVAL' || errorCode(e) === 'EPERM' || errorCode(e) === 'EISDIR')))
      throw e;
  } finally {
    await handle.close();
  }
}
