/**
 * The schema, as numbered migrations applied in order at start-up. Each runs in its own transaction with
 * its row in `schema_migrations`, so a migration that fails leaves the schema as it was before it; a
 * transaction-level advisory lock makes instances that start together apply each migration once.
 *
 * Tables are created in the connection's current schema (its `search_path`), so several stores can share
 * a database in separate schemas. Never edit a released migration: add the next one.
 */
import type { Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Any constant: the advisory lock key all instances of this app take while migrating. */
const MIGRATION_LOCK = 4_202_511_107;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'posts, votes, answers, tombstones, schedules, rotations, settings, event ids',
    sql: `
      -- Slack message timestamps ("1764070000.000100") are kept as text, exactly as received, and ordered
      -- as decimal numbers (ts::numeric). Instants are ISO 8601 text, as the app wrote them; the *_ms
      -- columns hold the same instant in milliseconds where the store compares them.
      CREATE TABLE posts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        team text NOT NULL,
        channel text NOT NULL,
        ts text NOT NULL,
        prompt_id text NOT NULL,
        posted_at text NOT NULL,
        slot text,
        closed_at text,
        UNIQUE (team, channel, ts)
      );

      -- One row per (prompt, emoji, person): the latest event wins; is_on = false is a removal.
      -- id only orders the rows as people first voted.
      CREATE TABLE votes (
        post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        emoji text NOT NULL,
        user_id text NOT NULL,
        is_on boolean NOT NULL,
        event_ts text NOT NULL,
        id bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (post_id, emoji, user_id)
      );

      -- An answer's ts is its id within the channel; post_id is the prompt whose thread holds it.
      CREATE TABLE answers (
        team text NOT NULL,
        channel text NOT NULL,
        ts text NOT NULL,
        post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        user_id text NOT NULL,
        text text NOT NULL,
        edited_at text,
        edited_ms bigint,
        PRIMARY KEY (team, channel, ts)
      );
      CREATE INDEX answers_by_post ON answers (post_id);

      -- Answers deleted (perhaps before they arrived): a late copy is not stored.
      CREATE TABLE tombstones (
        team text NOT NULL,
        channel text NOT NULL,
        ts text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team, channel, ts)
      );
      CREATE INDEX tombstones_by_age ON tombstones (at);

      CREATE TABLE schedules (
        team text NOT NULL,
        channel text NOT NULL,
        cron text NOT NULL,
        tz text NOT NULL,
        paused boolean NOT NULL,
        origin text NOT NULL CHECK (origin IN ('default', 'command')),
        since text NOT NULL,
        last_slot text,
        last_slot_ms bigint,
        set_by text,
        removed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (team, channel)
      );

      -- Settings admins change; a NULL column has the app's default.
      CREATE TABLE channel_settings (
        team text NOT NULL,
        channel text NOT NULL,
        anonymous boolean,
        revisit boolean,
        PRIMARY KEY (team, channel)
      );
      CREATE TABLE workspace_settings (
        team text PRIMARY KEY,
        library text CHECK (library IN ('own', 'shipped', 'both'))
      );

      CREATE TABLE rotations (
        team text NOT NULL,
        channel text NOT NULL,
        seed bigint NOT NULL,
        cycle bigint NOT NULL CHECK (cycle >= 0),
        PRIMARY KEY (team, channel)
      );
      CREATE TABLE rotation_used (
        team text NOT NULL,
        channel text NOT NULL,
        position integer NOT NULL,
        prompt_id text NOT NULL,
        PRIMARY KEY (team, channel, position),
        FOREIGN KEY (team, channel) REFERENCES rotations (team, channel) ON DELETE CASCADE
      );

      -- Events applied: a commit with an id already here changes nothing, whichever instance made it.
      CREATE TABLE event_ids (
        id text PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX event_ids_by_age ON event_ids (at);
    `,
  },
  {
    version: 2,
    name: 'installations (sealed bot tokens) and one-time OAuth states',
    sql: `
      -- One row per workspace the app is installed in through OAuth (SLACK_CLIENT_ID). What Slack answered at
      -- install (the bot token with it) is kept only sealed: AES-256-GCM under the key key_id of
      -- TOKEN_ENCRYPTION_KEY, a random nonce per row, the workspace id as associated data. The other columns are
      -- what the app reads without opening it.
      CREATE TABLE installations (
        team_id text PRIMARY KEY,
        enterprise_id text,
        bot_user_id text NOT NULL,
        bot_id text,
        team_url text,
        key_id text NOT NULL,
        nonce bytea NOT NULL,
        sealed bytea NOT NULL,
        installed_at timestamptz NOT NULL DEFAULT now()
      );

      -- The state values /slack/install handed out and nobody used yet (SHA-256, hex): each is accepted once.
      CREATE TABLE oauth_states (
        state_hash text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX oauth_states_by_expiry ON oauth_states (expires_at);
    `,
  },
  {
    version: 3,
    name: 'anonymous answers: no author, the hash of their Delete token',
    sql: `
      -- An anonymous answer has no author (user_id NULL) and keeps only the SHA-256 of its Delete token.
      ALTER TABLE answers ALTER COLUMN user_id DROP NOT NULL;
      ALTER TABLE answers ADD COLUMN delete_hash text CHECK (delete_hash ~ '^[0-9a-f]{64}$');
      ALTER TABLE answers ADD CONSTRAINT answers_author_or_delete_hash
        CHECK ((user_id IS NULL) <> (delete_hash IS NULL));
    `,
  },
  {
    version: 4,
    name: 'second look: the results summary of a post, its votes; revisits',
    sql: `
      -- The results summary's message ts (its reactions are the second look), and the earlier post a
      -- revisit brings back. NULL: none.
      ALTER TABLE posts ADD COLUMN summary_ts text, ADD COLUMN revisit_of text;
      CREATE INDEX posts_by_summary ON posts (team, channel, summary_ts) WHERE summary_ts IS NOT NULL;

      -- Votes on the summary ("where do you stand now?"), kept apart from the first votes, same rules.
      CREATE TABLE second_votes (
        post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        emoji text NOT NULL,
        user_id text NOT NULL,
        is_on boolean NOT NULL,
        event_ts text NOT NULL,
        id bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (post_id, emoji, user_id)
      );
    `,
  },
  {
    version: 5,
    name: "workspaces' own prompts and suggestions",
    sql: `
      -- A workspace's own prompts: suggestions under review, approved, rejected or retired ones, and imports.
      -- What a prompt says (form, setting, themes, text, discuss, source, view) is one jsonb value, checked by
      -- the app like every record; ord keeps the order they were added in.
      CREATE TABLE team_prompts (
        team text NOT NULL,
        id text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'retired')),
        via text NOT NULL CHECK (via IN ('suggestion', 'import')),
        author text,
        file text,
        created_at text NOT NULL,
        status_by text,
        status_at text,
        reason text,
        edited_by text,
        edited_at text,
        content jsonb NOT NULL,
        ord bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (team, id)
      );
      CREATE INDEX team_prompts_in_order ON team_prompts (team, ord);
    `,
  },
  {
    version: 6,
    name: 'now claims and unsettled posts, shared by instances',
    sql: `
      -- The latest \`now\` let through per channel (ms since the epoch): PROMPT_NOW_COOLDOWN across instances.
      CREATE TABLE now_claims (
        team text NOT NULL,
        channel text NOT NULL,
        at_ms bigint NOT NULL,
        PRIMARY KEY (team, channel)
      );

      -- A post that may or may not be in the channel (5xx, and every history look-up failed): looked for
      -- again by whichever instance is free; nothing else is posted in the channel meanwhile.
      CREATE TABLE unsettled_posts (
        team text NOT NULL,
        channel text NOT NULL,
        post_id text NOT NULL,
        checks integer NOT NULL,
        next_check_ms bigint NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (team, channel)
      );
    `,
  },
  {
    version: 7,
    name: "a channel's prompts in time order",
    sql: `
      -- A page of a channel's prompts (the newest, or those before a ts) walks this index from its start
      -- instead of sorting every prompt of the channel.
      CREATE INDEX posts_in_time_order ON posts (team, channel, (ts::numeric) DESC, id);
    `,
  },
];

/**
 * Brings the schema up to the last of `migrations`, one transaction per migration.
 * Refuses a database whose schema is newer than this app (an older app must not write to it).
 */
export async function migrate(
  db: Db,
  log: (message: string) => void,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  const latest = migrations.at(-1)?.version ?? 0;
  for (;;) {
    const applied = await db.transaction(async (tx) => {
      // Held until this transaction ends: a second instance waits here, then finds the work done.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const [row] = await tx.query<{ version: number }>(
        'SELECT coalesce(max(version), 0)::integer AS version FROM schema_migrations',
      );
      const current = row?.version ?? 0;
      if (current > latest) {
        throw new Error(
          `the database schema is at version ${current}, newer than this app knows (${latest}): run a newer version of the app`,
        );
      }
      const next = migrations.find((m) => m.version === current + 1);
      if (!next) return undefined;
      try {
        await tx.exec(next.sql);
      } catch (e) {
        throw new Error(
          `migration ${next.version} (${next.name}) failed, so the schema stays at version ${current}: ${(e as Error).message}`,
          { cause: e },
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        next.version,
        next.name,
      ]);
      return next;
    });
    if (!applied) return;
    log(`database schema migrated to version ${applied.version}: ${applied.name}`);
  }
}
