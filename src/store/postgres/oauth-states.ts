/**
 * The OAuth `state` of an install, accepted once. Bolt's own state store (ClearStateStore) signs the state with
 * SLACK_STATE_SECRET and checks its signature and age (10 minutes), so a forged or stale one is refused; but it keeps
 * nothing, so the same state would be accepted again until it expires. This adds the missing half: each state
 * handed out is recorded (its SHA-256) in `oauth_states`, and using it deletes the row, in the database every
 * instance shares, so a replayed state is refused whichever instance it reaches.
 */
import { createHash } from 'node:crypto';
import oauth, { type StateStore } from '@slack/oauth';
import type { Db } from './db.js';

// A CommonJS package whose exports Node cannot name for an ES module: taken from its default export.
const { InvalidStateError } = oauth;

const hash = (state: string) => createHash('sha256').update(state, 'utf8').digest('hex');

export function oneTimeStates(db: Db, signed: StateStore, ttlSeconds: number): StateStore {
  return {
    async generateStateParam(installOptions, now) {
      const state = await signed.generateStateParam(installOptions, now);
      await db.query('DELETE FROM oauth_states WHERE expires_at < now()');
      await db.query(
        `INSERT INTO oauth_states (state_hash, expires_at) VALUES ($1, now() + make_interval(secs => $2))`,
        [hash(state), ttlSeconds],
      );
      return state;
    },

    async verifyStateParam(now, state) {
      // Forged, altered or too old: refused here by its signature and age.
      const installOptions = await signed.verifyStateParam(now, state);
      const used = await db.query('DELETE FROM oauth_states WHERE state_hash = $1 RETURNING state_hash', [
        hash(state),
      ]);
      if (used.length === 0) throw new InvalidStateError('The state parameter was already used');
      return installOptions;
    },
  };
}
