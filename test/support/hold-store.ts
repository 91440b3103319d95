/**
 * Holds a file store open in a process of its own, as the running app does, until SIGTERM.
 * Usage: node --import tsx test/support/hold-store.ts <DB_FILE>; prints "holding" once the lock is taken.
 */
import { openStore } from '../../src/store/file-store.js';

const file = process.argv[2];
if (!file) throw new Error('usage: hold-store.ts <DB_FILE>');
const store = await openStore(file, { foldEveryMs: 0 });
process.stdout.write('holding\n');
const alive = setInterval(() => undefined, 60_000); // nothing else keeps this process running
process.once('SIGTERM', () => {
  clearInterval(alive);
  store.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
