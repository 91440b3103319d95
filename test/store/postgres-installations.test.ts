/**
 * The installations table (Bolt's InstallationStore, tokens sealed) and the one-time OAuth states, on PostgreSQL:
 * in process (PGlite) under `npm test`, on the server under `npm run test:postgres`.
 */
import { randomBytes } from 'node:crypto';
import oauth, { type Installation } from '@slack/oauth';
import { describe, expect, it } from 'vitest';
import {
  installationsTable,
  NotInstalledError,
  OrgWideInstallRefused,
} from '../../src/store/postgres/installations.js';
import { oneTimeStates } from '../../src/store/postgres/oauth-states.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { parseKeyRing } from '../../src/store/token-crypto.js';
import { everyRow, freshDatabase } from './pg-databases.js';

const { ClearStateStore, InvalidStateError } = oauth;

const keys = (() => {
  const parsed = parseKeyRing(`k1:${randomBytes(32).toString('base64')}`);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.ring;
})();

function installation(team: string, token: string, extra: Partial<Installation> = {}): Installation {
  return {
    team: { id: team, name: `Team ${team}` },
    enterprise: undefined,
    user: { id: 'U1', token: undefined, scopes: undefined },
    bot: { token, scopes: ['chat:write'], id: `B${team}`, userId: `UBOT${team}` },
    appId: 'A1',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
    ...extra,
  };
}

/** A migrated database, and the installations table on it. */
async function setup() {
  const db = await freshDatabase();
  const store = await openPostgresStore(db.connect(), { log: () => undefined });
  return { db, store, table: installationsTable(db.connect(), keys) };
}

describe('installations', () => {
  it("stores, fetches and deletes an installation as Bolt's InstallationStore, the token only sealed", async () => {
    const { db, store, table } = await setup();
    const token = 'xoxb-111-222-abcdefabcdefabcdef';
    await table.storeInstallation({
      ...installation('T1', token),
      teamUrl: 'https://t1.slack.com/',
    } as Installation);
    const fetched = await table.fetchInstallation({
      teamId: 'T1',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(fetched.bot?.token).toBe(token);
    expect(fetched.team?.name).toBe('Team T1');
    expect(await table.bot('T1')).toEqual({
      team: 'T1',
      enterprise: undefined,
      botUserId: 'UBOTT1',
      botId: 'BT1',
      teamUrl: 'https://t1.slack.com/',
      token,
    });
    expect(await everyRow(db.admin, db.schema)).not.toContain('abcdefabcdef');

    // A reinstall replaces the token.
    await table.storeInstallation(installation('T1', 'xoxb-333-444-newnewnewnewnew'));
    expect((await table.bot('T1'))?.token).toBe('xoxb-333-444-newnewnewnewnew');
    await table.storeInstallation(installation('T2', 'xoxb-555-666-twotwotwotwo'));
    expect(await table.teams()).toEqual(['T1', 'T2']);

    await table.deleteInstallation?.({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(
      table.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toBeInstanceOf(NotInstalledError);
    expect([await table.has('T1'), await table.has('T2')]).toEqual([false, true]);
    await table.forget('T2');
    expect(await table.teams()).toEqual([]);
    await store.close();
  });

  it('refuses org-wide installs and finds none; a sealed token moved to another workspace does not open', async () => {
    const { db, store, table } = await setup();
    const org = installation('E1', 'xoxb-org', {
      team: undefined,
      enterprise: { id: 'E1', name: 'Grid' },
      isEnterpriseInstall: true,
    } as Partial<Installation>);
    await expect(table.storeInstallation(org)).rejects.toBeInstanceOf(OrgWideInstallRefused);
    await expect(
      table.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true }),
    ).rejects.toBeInstanceOf(NotInstalledError);

    await table.storeInstallation(installation('T1', 'xoxb-one'));
    await table.storeInstallation(installation('T2', 'xoxb-two'));
    await db.admin.query(
      `UPDATE installations SET nonce = t1.nonce, sealed = t1.sealed
       FROM (SELECT nonce, sealed FROM installations WHERE team_id = 'T1') t1 WHERE team_id = 'T2'`,
    );
    await expect(table.bot('T2')).rejects.toThrow(
      'which the key of that id in TOKEN_ENCRYPTION_KEY does not open',
    );
    await expect(table.reseal()).rejects.toThrow(
      /cannot open every stored installation, so nothing was changed: 1 workspace \(T2\)/,
    );
    await store.close();
  });
});

describe('one-time OAuth states', () => {
  it('accepts a state it handed out once; refuses it again, and refuses one it never handed out or that is too old', async () => {
    const { db, store } = await setup();
    const signed = new ClearStateStore('a-state-secret-of-at-least-32-characters!', 600);
    const states = oneTimeStates(db.connect(), signed, 600);
    const now = new Date();
    const state = await states.generateStateParam({ scopes: ['chat:write'] }, now);
    expect(await states.verifyStateParam(now, state)).toEqual({ scopes: ['chat:write'] });
    await expect(states.verifyStateParam(now, state)).rejects.toBeInstanceOf(InvalidStateError);

    // Correctly signed, but not handed out by this app's /slack/install: refused.
    const foreign = await signed.generateStateParam({ scopes: [] }, now);
    await expect(states.verifyStateParam(now, foreign)).rejects.toBeInstanceOf(InvalidStateError);
    // Handed out, but used after 10 minutes: refused by its signed age.
    const old = await states.generateStateParam({ scopes: [] }, now);
    await expect(states.verifyStateParam(new Date(now.getTime() + 601_000), old)).rejects.toBeInstanceOf(
      InvalidStateError,
    );
    expect(await db.admin.query('SELECT state_hash FROM oauth_states')).toHaveLength(1);
    expect(await everyRow(db.admin, db.schema)).not.toContain(old);
    await store.close();
  });
});
