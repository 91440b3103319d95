/** The shared Store suite (contract.ts) against the lowdb file store. */
import { afterAll } from 'vitest';
import { storeContract } from './contract.js';
import { filesOf, open, removeTempDirs, tempFile } from './helpers.js';

afterAll(removeTempDirs);

storeContract({
  name: 'file store',
  async open() {
    const file = tempFile();
    let store = await open(file);
    return {
      store,
      async reopen() {
        await store.close();
        store = await open(file);
        return store;
      },
      async storage() {
        return [...filesOf(file).values()].map((b) => b.toString('utf8')).join('\n');
      },
    };
  },
});
