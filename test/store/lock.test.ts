/** The lock: one process per store. */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAfterEach, open, openError, removeTempDirs, tempFile } from './helpers.js';

afterAll(removeTempDirs);

const track = closeAfterEach();

describe('lock: one process per store', () => {
  it('refuses while a live process holds the lock, leaving its lock alone', async () => {
    const file = tempFile();
    writeFileSync(`${file}.lock`, `${process.ppid}\n`);
    const error = await openError(file);
    expect(error.message).toContain(`in use by process ${process.ppid}`);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('refuses a second open in the same process', async () => {
    const file = tempFile();
    await track(open(file));
    expect((await openError(file)).message).toContain('already open in this process');
  });

  it('takes over a stale lock (dead pid, or its own pid left by an earlier run)', async () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    for (const pid of [deadPid, process.pid]) {
      const file = tempFile();
      writeFileSync(`${file}.lock`, `${pid}\n`);
      const store = await open(file);
      expect(readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(process.pid));
      await store.close();
      expect(() => statSync(`${file}.lock`)).toThrow();
    }
  });
});
