/**
 * The journal: one JSON line per commit, `{"seq":N,"eventId":"...","ops":[...]}\n`, appended and fsync'd
 * before the commit is applied in memory. This module only encodes and parses lines; file-store.ts writes them.
 */
import { checkOp, isObject } from './check.js';
import type { Op } from './schema.js';

export interface JournalEntry {
  seq: number;
  eventId?: string;
  ops: Op[];
  /** 1-based line number in the file, for messages. */
  line: number;
  /** Byte offset just after this line's newline. */
  end: number;
}

/** The line for one commit; `opsJson` is `JSON.stringify(ops)`, prepared by the caller at commit time. */
export function encodeLine(seq: number, eventId: string | undefined, opsJson: string): string {
  const id = eventId === undefined ? '' : `,"eventId":${JSON.stringify(eventId)}`;
  return `{"seq":${seq}${id},"ops":${opsJson}}\n`;
}

/** Thrown for a journal that cannot be replayed; the caller adds the file name and recovery advice. */
export class JournalError extends Error {}

function parseLine(text: string, line: number, end: number): JournalEntry {
  const doc: unknown = JSON.parse(text);
  if (!isObject(doc)) throw new Error('not a JSON object');
  const { seq, eventId, ops } = doc;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
    throw new Error('"seq" is not a positive integer');
  if (eventId !== undefined && (typeof eventId !== 'string' || eventId.length === 0)) {
    throw new Error('"eventId" is not a non-empty string');
  }
  if (!Array.isArray(ops)) throw new Error('"ops" is not an array');
  const entry: JournalEntry = { seq, ops: ops.map((op, i) => checkOp(op, `ops[${i}]`)), line, end };
  if (eventId !== undefined) entry.eventId = eventId;
  return entry;
}

export interface JournalScan {
  /** Offset where the lines after the snapshot's seq begin. */
  snapOffset: number;
  /** Bytes up to the end of the last good line; anything after it is a torn append to drop. */
  goodLength: number;
}

/** `{"seq":N,` as encodeLine writes it: lets lines the snapshot already holds skip the full parse. */
const SEQ_PREFIX = /^\{"seq":(\d{1,15}),"/;

/**
 * Reads the journal as it arrives in chunks (so a big journal never sits in memory whole) and hands each
 * line after the snapshot's seq to `onEntry`. Lines with seq <= `snapshotSeq` are only checked for their
 * seq: the snapshot holds them. A torn last line (no trailing newline, or unparsable and last) is left out
 * and reported through `goodLength`. A bad line followed by anything, or seqs that do not follow one
 * another, throw JournalError.
 */
export class JournalScanner {
  private readonly parts: Buffer[] = [];
  /** Absolute offset of the first byte in `parts`. */
  private offset = 0;
  private line = 0;
  private prevSeq: number | undefined;
  private snapOffset = 0;
  private goodLength = 0;
  private badLine: { line: number; message: string } | undefined;

  constructor(
    private readonly snapshotSeq: number,
    private readonly onEntry: (entry: JournalEntry) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      const text = this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
      const end = this.offset + text.length + 1;
      this.parts.length = 0;
      this.handle(text, end);
      this.offset = end;
      start = nl + 1;
    }
    // Keep a copy: the caller may reuse its chunk buffer.
    if (start < chunk.length) this.parts.push(Buffer.from(chunk.subarray(start)));
  }

  finish(): JournalScan {
    if (this.badLine && this.parts.length > 0) this.refuseBadLine();
    return { snapOffset: this.snapOffset, goodLength: this.goodLength };
  }

  private refuseBadLine(): never {
    const bad = this.badLine as { line: number; message: string };
    throw new JournalError(
      `line ${bad.line} is not a valid journal entry (${bad.message}) and more lines follow it`,
    );
  }

  private handle(text: Buffer, end: number): void {
    if (this.badLine) this.refuseBadLine();
    this.line++;
    const quick = SEQ_PREFIX.exec(text.toString('latin1', 0, Math.min(text.length, 32)));
    const quickSeq = quick ? Number(quick[1]) : Number.NaN;
    let entry: JournalEntry | undefined;
    let seq = quickSeq;
    if (!(quickSeq <= this.snapshotSeq)) {
      try {
        entry = parseLine(text.toString('utf8'), this.line, end);
      } catch (e) {
        this.badLine = { line: this.line, message: (e as Error).message };
        return;
      }
      seq = entry.seq;
    }
    if (this.prevSeq !== undefined && seq !== this.prevSeq + 1) {
      throw new JournalError(
        `line ${this.line} has seq ${seq} after seq ${this.prevSeq} (expected ${this.prevSeq + 1})`,
      );
    }
    this.prevSeq = seq;
    if (seq <= this.snapshotSeq) this.snapOffset = end;
    else if (entry) this.onEntry(entry);
    this.goodLength = end;
  }
}
