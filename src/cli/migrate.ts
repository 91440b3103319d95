/**
 * `npm run migrate -- --to postgres` copies the lowdb store (DB_FILE) into PostgreSQL (DATABASE_URL);
 * `--to lowdb` copies it back. Stop the app first. Reads the environment and `.env` like the app.
 * In the container image: `node dist/cli/migrate.js --to postgres`.
 */
import { parseArgs } from 'node:util';
import { environment } from '../config.js';
import { describeDatabase } from '../store/choose.js';
import { errorMessage } from '../store/files.js';
import { poolDb } from '../store/postgres/pool.js';
import { StoreOpenError } from '../store/store.js';
import { formatReport, MoveError, moveToLowdb, moveToPostgres } from '../store/transfer/move.js';

const USAGE = `usage: npm run migrate -- --to postgres   (DB_FILE → DATABASE_URL)
       npm run migrate -- --to lowdb      (DATABASE_URL → DB_FILE)`;

async function main(argv: string[]): Promise<number> {
  let to: string | undefined;
  try {
    ({ to } = parseArgs({ args: argv, options: { to: { type: 'string' } } }).values);
  } catch (e) {
    process.stderr.write(`${errorMessage(e)}\n${USAGE}\n`);
    return 2;
  }
  if (to !== 'postgres' && to !== 'lowdb') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const env = environment();
  const dbFile = env.DB_FILE?.trim() || 'data/lead-vs-manage.json';
  const url = env.DATABASE_URL?.trim();
  if (!url) {
    process.stderr.write(
      'DATABASE_URL is not set: name the PostgreSQL database, e.g. postgres://user:password@host:5432/db\n',
    );
    return 2;
  }
  const database = describeDatabase(url);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const options = { dbFile, connect: () => poolDb(url, { max: 4, log: out }), out };
  out(to === 'postgres' ? `Copying ${dbFile} into ${database}.` : `Copying ${database} into ${dbFile}.`);
  try {
    const report = to === 'postgres' ? await moveToPostgres(options) : await moveToLowdb(options);
    for (const line of formatReport(report, to === 'postgres' ? database : dbFile)) out(line);
    return report.ok ? 0 : 1;
  } catch (e) {
    const known = e instanceof MoveError || e instanceof StoreOpenError;
    // Never the URL itself: it holds the password.
    const text = known ? e.message : errorMessage(e).split(url).join(database);
    process.stderr.write(`The copy stopped: ${text}\nFix that and run the same command again.\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
