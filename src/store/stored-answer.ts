/**
 * Answers as the state keeps them. An answer committed since the last fold holds its text; once a fold has
 * written it to a segment file (segment-file.ts) the state keeps only where the text is, so a million
 * answers' texts stay on disk instead of in the heap. `readTexts` turns either kind back into records.
 */
import { join } from 'node:path';
import { type FileHandleLike, readAt, type StoreFiles } from './files.js';
import type { AnswerRecord } from './schema.js';

/** An answer whose text is the JSON string at [offset, offset + length) of segment file `file`. */
export interface OnDiskAnswer extends Readonly<Omit<AnswerRecord, 'text'>> {
  readonly text?: undefined;
  /** The segment file's name (in the store's folder). */
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

export type StoredAnswer = Readonly<AnswerRecord> | OnDiskAnswer;

/**
 * An answer whose text is in segment file `file`. Such objects start with the same five keys in the same
 * order (a missing user is undefined), so a million of them share a few hidden classes: small and quick.
 */
export function onDiskAnswer(
  user: string | undefined,
  ts: string,
  editedAt: string | undefined,
  deleteHash: string | undefined,
  file: string,
  offset: number,
  length: number,
): OnDiskAnswer {
  const out: { -readonly [K in keyof OnDiskAnswer]: OnDiskAnswer[K] } = { user, ts, file, offset, length };
  if (editedAt !== undefined) out.editedAt = editedAt;
  if (deleteHash !== undefined) out.deleteHash = deleteHash;
  return out;
}

export function isOnDisk(a: StoredAnswer): a is OnDiskAnswer {
  return a.text === undefined;
}

/** The answer as a record of its own (without where its text is). */
function answerMeta(a: StoredAnswer): Omit<AnswerRecord, 'text'> {
  const meta: Omit<AnswerRecord, 'text'> = a.user !== undefined ? { user: a.user, ts: a.ts } : { ts: a.ts };
  if (a.editedAt !== undefined) meta.editedAt = a.editedAt;
  if (a.deleteHash !== undefined) meta.deleteHash = a.deleteHash;
  return meta;
}

function withText(a: StoredAnswer, text: string): AnswerRecord {
  const meta = answerMeta(a);
  // The record's own key order (user, ts, text, …), as the app made it.
  const record: AnswerRecord =
    meta.user !== undefined ? { user: meta.user, ts: a.ts, text } : { ts: a.ts, text };
  if (meta.editedAt !== undefined) record.editedAt = meta.editedAt;
  if (meta.deleteHash !== undefined) record.deleteHash = meta.deleteHash;
  return record;
}

/**
 * The answers with their texts, reading those on disk (one read per segment file: a thread's texts lie
 * together). Rejects with the file system's error; ENOENT means a fold replaced the file meanwhile (the
 * caller asks the state again).
 */
export async function readTexts(
  files: StoreFiles,
  dir: string,
  answers: StoredAnswer[],
): Promise<AnswerRecord[]> {
  const byFile = new Map<string, OnDiskAnswer[]>();
  for (const a of answers) {
    if (!isOnDisk(a)) continue;
    const list = byFile.get(a.file);
    if (list) list.push(a);
    else byFile.set(a.file, [a]);
  }
  const texts = new Map<StoredAnswer, string>();
  for (const [file, list] of byFile) {
    const start = Math.min(...list.map((a) => a.offset));
    const end = Math.max(...list.map((a) => a.offset + a.length));
    let handle: FileHandleLike | undefined;
    try {
      handle = await files.open(join(dir, file), 'r');
      const bytes = await readAt(handle, start, end - start);
      for (const a of list) {
        const text: unknown = JSON.parse(
          bytes.toString('utf8', a.offset - start, a.offset - start + a.length),
        );
        if (typeof text !== 'string') throw new Error(`${file} holds no answer text at byte ${a.offset}`);
        texts.set(a, text);
      }
    } finally {
      await handle?.close();
    }
  }
  return answers.map((a) => (isOnDisk(a) ? withText(a, texts.get(a) ?? '') : a));
}
