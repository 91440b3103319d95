/**
 * The shared Store suite (contract.ts) against the PostgreSQL store: in process (PGlite) under `npm test`,
 * against the server at TEST_DATABASE_URL under `npm run test:postgres`.
 */
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { storeContract } from './contract.js';
import { ENGINE, everyRow, freshDatabase } from './pg-databases.js';

storeContract({
  name: `PostgreSQL store on ${ENGINE}`,
  async open() {
    const db = await freshDatabase();
    const quiet = { log: () => undefined };
    let store = await openPostgresStore(db.connect(), quiet);
    return {
      store,
      async reopen() {
        await store.close();
        store = await openPostgresStore(db.connect(), quiet);
        return store;
      },
      storage: () => everyRow(db.admin, db.schema),
    };
  },
});
