/**
 * The file-system calls the store makes (everything but lowdb's own snapshot write), behind a small
 * object so tests can make one of them fail (ENOSPC, EACCES, EIO) or copy the files mid-fold.
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

export interface StoreFiles {
  open(path: string, flags: string | number): Promise<FileHandleLike>;
  readFile(path: string): Promise<Buffer>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  mtimeMs(path: string): Promise<number>;
}

export const nodeFiles: StoreFiles = {
  open: (path, flags) => fsp.open(path, flags),
  readFile: (path) => fsp.readFile(path),
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
  copyFile: (from, to) => fsp.copyFile(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true });
  },
  mtimeMs: async (path) => (await fsp.stat(path)).mtimeMs,
};

export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
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
