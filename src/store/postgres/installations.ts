/**
 * Where the app keeps the workspaces it is installed in through OAuth (distribution mode): Bolt's InstallationStore
 * on the `installations` table, one row per workspace. What Slack answered at install, bot token included, is
 * stored sealed (AES-256-GCM, see ../token-crypto.ts) with the workspace id as associated data; the plain columns
 * are what the app reads without opening it (the bot user, the workspace URL).
 *
 * Org-wide installs (Enterprise Grid, `is_enterprise_install`) are refused: the app serves workspaces one by one
 * (see src/slack/oauth.ts). A workspace inside a Grid org installs like any other and keeps its enterprise id.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { type KeyRing, open, type Sealed, seal } from '../token-crypto.js';
import type { Db, Queryable } from './db.js';

/** A request or a job for a workspace the app is not installed in. */
export class NotInstalledError extends Error {
  constructor(readonly team: string | undefined) {
    super(`the app is not installed in workspace ${team ?? '(none named)'}`);
  }
}

/** An org-wide install (Enterprise Grid): refused, the app is installed workspace by workspace. */
export class OrgWideInstallRefused extends Error {
  constructor(readonly enterprise: string | undefined) {
    super(`refused an org-wide install for enterprise ${enterprise ?? '(unknown)'}`);
  }
}

/** What Slack answered at install, and the workspace URL the app asked for (auth.test) before storing it. */
export type AppInstallation = Installation & { teamUrl?: string };

/** The app's bot in one workspace, token included. */
interface InstalledBot {
  team: string;
  enterprise: string | undefined;
  botUserId: string;
  botId: string | undefined;
  teamUrl: string | undefined;
  token: string;
}

export interface Installations extends InstallationStore {
  /** Every workspace with an installation, sorted. */
  teams(): Promise<string[]>;
  has(team: string): Promise<boolean>;
  /** The bot of `team` with its token opened; undefined when not installed. */
  bot(team: string): Promise<InstalledBot | undefined>;
  /** Deletes the installation of `team` and its token (uninstall, revoked token). */
  forget(team: string): Promise<void>;
  /**
   * Opens every installation and seals again under the ring's current key those sealed under an older one, in one
   * transaction. Throws (changing nothing) when one cannot be opened: a key id the ring lacks, or a wrong key.
   */
  reseal(): Promise<{ resealed: number; from: string[] }>;
}

interface Row {
  team_id: string;
  enterprise_id: string | null;
  bot_user_id: string;
  bot_id: string | null;
  team_url: string | null;
  key_id: string;
  nonce: Uint8Array;
  sealed: Uint8Array;
}

/** Associated data: a sealed installation opens only as the installation of this workspace. */
const context = (team: string) => `lead-vs-manage installation ${team}`;

const sealedOf = (row: Row): Sealed => ({
  keyId: row.key_id,
  nonce: Buffer.from(row.nonce),
  data: Buffer.from(row.sealed),
});

const SELECT = `SELECT team_id, enterprise_id, bot_user_id, bot_id, team_url, key_id, nonce, sealed FROM installations`;

export function installationsTable(db: Db, ring: KeyRing): Installations {
  const read = async (q: Queryable, team: string): Promise<Row | undefined> =>
    (await q.query<Row>(`${SELECT} WHERE team_id = $1`, [team]))[0];

  const opened = (row: Row): AppInstallation =>
    JSON.parse(open(ring, sealedOf(row), context(row.team_id))) as AppInstallation;

  const write = (
    q: Queryable,
    team: string,
    installation: AppInstallation,
    bot: { userId: string; id?: string },
  ) => {
    const s = seal(ring, JSON.stringify(installation), context(team));
    return q.query(
      `INSERT INTO installations (team_id, enterprise_id, bot_user_id, bot_id, team_url, key_id, nonce, sealed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (team_id) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id,
         bot_user_id = EXCLUDED.bot_user_id, bot_id = EXCLUDED.bot_id, team_url = EXCLUDED.team_url,
         key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce, sealed = EXCLUDED.sealed, installed_at = now()`,
      [
        team,
        installation.enterprise?.id ?? null,
        bot.userId,
        bot.id ?? null,
        installation.teamUrl ?? null,
        s.keyId,
        s.nonce,
        s.data,
      ],
    );
  };

  return {
    async storeInstallation(installation) {
      const team = installation.team?.id;
      if (installation.isEnterpriseInstall || !team)
        throw new OrgWideInstallRefused(installation.enterprise?.id);
      if (!installation.bot?.token)
        throw new Error(`Slack's answer for workspace ${team} holds no bot token`);
      await write(db, team, installation as AppInstallation, installation.bot);
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      // Org-wide installs are never stored: a request for one finds nothing.
      const team = query.isEnterpriseInstall ? undefined : query.teamId;
      const row = team ? await read(db, team) : undefined;
      if (!row) throw new NotInstalledError(team ?? query.enterpriseId);
      return opened(row);
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      if (query.teamId) await db.query('DELETE FROM installations WHERE team_id = $1', [query.teamId]);
    },

    async teams() {
      const rows = await db.query<{ team_id: string }>('SELECT team_id FROM installations ORDER BY team_id');
      return rows.map((r) => r.team_id);
    },

    async has(team) {
      return (await db.query('SELECT 1 FROM installations WHERE team_id = $1', [team])).length > 0;
    },

    async bot(team) {
      const row = await read(db, team);
      if (!row) return undefined;
      const token = opened(row).bot?.token;
      if (!token) return undefined;
      return {
        team,
        enterprise: row.enterprise_id ?? undefined,
        botUserId: row.bot_user_id,
        botId: row.bot_id ?? undefined,
        teamUrl: row.team_url ?? undefined,
        token,
      };
    },

    async forget(team) {
      await db.query('DELETE FROM installations WHERE team_id = $1', [team]);
    },

    reseal() {
      return db.transaction(async (tx) => {
        const rows = await tx.query<Row>(`${SELECT} ORDER BY team_id FOR UPDATE`);
        const failures = new Map<string, string[]>();
        const from = new Set<string>();
        let resealed = 0;
        for (const row of rows) {
          let installation: AppInstallation;
          try {
            installation = opened(row);
          } catch (e) {
            const why = (e as Error).message;
            failures.set(why, [...(failures.get(why) ?? []), row.team_id]);
            continue;
          }
          if (row.key_id === ring.current || failures.size > 0) continue;
          await write(tx, row.team_id, installation, {
            userId: row.bot_user_id,
            ...(row.bot_id ? { id: row.bot_id } : {}),
          });
          from.add(row.key_id);
          resealed += 1;
        }
        if (failures.size > 0) {
          const lines = [...failures].map(
            ([why, teams]) =>
              `${teams.length === 1 ? '1 workspace' : `${teams.length} workspaces`} (${teams.join(', ')}) ${why}`,
          );
          throw new Error(
            `cannot open every stored installation, so nothing was changed: ${lines.join('; ')}. Put the key ` +
              'they were sealed with back into TOKEN_ENCRYPTION_KEY (after the current key), or delete those rows ' +
              'of the installations table and install the app in those workspaces again',
          );
        }
        return { resealed, from: [...from] };
      });
    },
  };
}
