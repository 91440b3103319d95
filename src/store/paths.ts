/** Where a store's files are: all next to the snapshot `path`. */
import { dirname, resolve } from 'node:path';

export interface StorePaths {
  /** The snapshot. */
  file: string;
  /** The folder holding every file. */
  dir: string;
  journal: string;
  /** The previous snapshot. */
  bak: string;
  lock: string;
}

export function storePaths(path: string): StorePaths {
  const file = resolve(path);
  return { file, dir: dirname(file), journal: `${file}.journal`, bak: `${file}.bak`, lock: `${file}.lock` };
}

/** What the store counts, for stats(). */
export interface StoreCounters {
  /** Journal appends (one per group of commits). */
  journalWrites: number;
  /** fsync/fdatasync calls, journal and folds together. */
  fsyncs: number;
  /** Completed folds. */
  folds: number;
}
