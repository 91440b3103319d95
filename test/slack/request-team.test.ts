/** Every workspace a Slack request names: the workspace gate lets a request through only when all agree. */
import { describe, expect, it } from 'vitest';
import { teamsNamed } from '../../src/slack/request-team.js';
import {
  blockActionsPayload,
  eventEnvelope,
  reactionAdded,
  slashCommandPayload,
} from '../support/signing.js';

describe('teamsNamed', () => {
  it('reads team_id, authorizations, team.id, user.team_id, view.app_installed_team_id and Bolt’s context', () => {
    expect(teamsNamed(slashCommandPayload({ team_id: 'T1' }))).toEqual(['T1']);
    expect(teamsNamed(eventEnvelope(reactionAdded({ reaction: 'compass', ts: '1.1' })))).toEqual(['T1']);
    const mixed = eventEnvelope(reactionAdded({ reaction: 'compass', ts: '1.1' }), {
      authorizations: [{ team_id: 'T2' }],
    });
    expect(teamsNamed(mixed).sort()).toEqual(['T1', 'T2']);
    const action = blockActionsPayload({ action_id: 'a', team_id: 'T1' });
    (action.user as Record<string, unknown>).team_id = 'T3';
    expect(teamsNamed(action).sort()).toEqual(['T1', 'T3']);
    expect(teamsNamed({ view: { app_installed_team_id: 'T4' } }, { teamId: 'T5' }).sort()).toEqual([
      'T4',
      'T5',
    ]);
  });

  it('names nothing for a body without a workspace (which the gate turns away)', () => {
    expect(teamsNamed({})).toEqual([]);
    expect(teamsNamed(null)).toEqual([]);
    expect(teamsNamed({ team_id: '', team: null, authorizations: [{ team_id: null }] })).toEqual([]);
  });
});
