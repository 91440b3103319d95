/**
 * Exports written as they are read (issue 14, point 2): `renderExport` over `archivePrompts` writes the same
 * bytes as `exportFile` over the whole archive, in every format, and lets other work run while it writes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  archiveHead,
  archivePrompts,
  channelArchive,
  exportFile,
  renderExport,
} from '../../src/app/export.js';
import type { ExportFormat } from '../../src/domain/command.js';
import { promptLibrary } from '../../src/domain/library.js';
import type { Op } from '../../src/store/schema.js';
import { open, removeTempDirs, tempFile } from '../store/helpers.js';
import { samplePrompt } from '../support/prompt-fixture.js';

afterAll(removeTempDirs);

const library = promptLibrary([samplePrompt({ id: 'kept' })]);
const FORMATS: ExportFormat[] = ['csv', 'json', 'md'];
const where = { team: 'T1', channel: 'C1', channelName: 'the-team' };
const NOW = new Date('2026-11-29T12:00:00.000Z');

/** 40 prompts a day apart: answers with line breaks, quotes, formulas, emoji; edits, anonymous answers, second looks. */
async function seeded() {
  const store = await open(tempFile());
  const ops: Op[] = [];
  for (let i = 0; i < 40; i++) {
    const seconds = 1_764_000_000 + i * 86_400;
    const ts = `${seconds}.000100`;
    const promptId = i % 5 === 0 ? 'gone-from-library' : 'kept';
    ops.push({
      type: 'post',
      post: { ...where, ts, promptId, postedAt: new Date(seconds * 1000).toISOString() },
    });
    ops.push({
      type: 'vote',
      team: 'T1',
      channel: 'C1',
      ts,
      vote: {
        user: `U${i % 3}`,
        emoji: i % 2 ? 'compass' : 'clipboard',
        on: true,
        eventTs: `${seconds + 1}.5`,
      },
    });
    for (let a = 0; a < i % 4; a++) {
      const text =
        ['=SUM(A1)', 'two\nlines, "quoted"', 'ünïcødé 👍 <@U9> <https://x.example|a link>'][a % 3] ?? '';
      const answer =
        a === 1
          ? { ts: `${seconds + 10 + a}.000200`, text, deleteHash: 'a3f1'.repeat(16) }
          : {
              user: `U${a}`,
              ts: `${seconds + 10 + a}.000200`,
              text,
              ...(a === 2 ? { editedAt: '2026-01-01T00:00:00Z' } : {}),
            };
      ops.push({ type: 'answer', team: 'T1', channel: 'C1', threadTs: ts, answer });
    }
    if (i % 3 === 0) {
      ops.push({ type: 'summary', team: 'T1', channel: 'C1', ts, summaryTs: `${seconds + 500}.000300` });
      ops.push({
        type: 'second-vote',
        team: 'T1',
        channel: 'C1',
        ts,
        vote: { user: 'U0', emoji: 'handshake', on: true, eventTs: `${seconds + 600}.1` },
      });
    }
  }
  await store.commit(ops);
  return store;
}

const joined = (pieces: Buffer[]) => Buffer.concat(pieces).toString('utf8');

describe('renderExport', () => {
  it('writes, prompt by prompt, the same file as the whole archive gives, in every format', async () => {
    const store = await seeded();
    const whole = await channelArchive(store, library, where, NOW);
    expect(whole.prompts).toHaveLength(40);
    for (const format of FORMATS) {
      for (const pieceBytes of [64 * 1024, 100]) {
        const prompts = archivePrompts(store, library, 'T1', 'C1');
        const file = await renderExport(archiveHead(where, NOW), prompts, format, { pieceBytes });
        const expected = exportFile(whole, format);
        expect(joined(file.pieces)).toBe(expected.content);
        expect(file.bytes).toBe(Buffer.byteLength(expected.content));
        expect([file.filename, file.title]).toEqual([expected.filename, expected.title]);
        expect([file.prompts, file.answers]).toEqual([
          40,
          whole.prompts.reduce((n, p) => n + p.answers.length, 0),
        ]);
      }
    }
    await store.close();
  });

  it('writes an empty channel as the whole (empty) archive gives', async () => {
    const store = await open(tempFile());
    const whole = await channelArchive(store, library, where, NOW);
    for (const format of FORMATS) {
      const file = await renderExport(
        archiveHead(where, NOW),
        archivePrompts(store, library, 'T1', 'C1'),
        format,
      );
      expect(joined(file.pieces)).toBe(exportFile(whole, format).content);
    }
    await store.close();
  });

  it('lets other work run while it reads and writes: a callback queued at the start runs before it ends', async () => {
    const store = await seeded();
    for (const format of FORMATS) {
      let finished = false;
      // Slices of 0 ms: a turn after every prompt, however fast this machine is.
      const exporting = renderExport(
        archiveHead(where, NOW),
        archivePrompts(store, library, 'T1', 'C1', 0),
        format,
        { sliceMs: 0 },
      ).then(() => {
        finished = true;
      });
      const ranDuringExport = await new Promise<boolean>((resolve) => setImmediate(() => resolve(!finished)));
      await exporting;
      expect(ranDuringExport).toBe(true);
    }
    await store.close();
  });
});
