/**
 * LOG_LEVEL holds after start-up: Bolt sets the logger it is given to its own level (info) unless it is told
 * the level too, so a `debug` set by the operator would silently stop at the first request.
 */
import { describe, expect, it } from 'vitest';
import { reactionAdded } from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';
import { launch, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

describe('LOG_LEVEL', () => {
  it('debug: lines at debug level keep coming after the app is ready', async () => {
    const app = await launch(fake, { env: { LOG_LEVEL: 'debug' } });
    const ready = app.proc.lines.findIndex((l) => /ready on port/.test(l));
    expect((await app.event(reactionAdded({ user: 'U2', reaction: 'compass', ts: '1.1' }))).status).toBe(200);
    await app.proc.waitForLine(/ DEBUG /, 5000, ready + 1);
  });

  it('info: no debug line at all', async () => {
    const app = await launch(fake, { env: { LOG_LEVEL: 'info' } });
    expect((await app.event(reactionAdded({ user: 'U2', reaction: 'compass', ts: '1.1' }))).status).toBe(200);
    // The 200 above came after the event was handled; its debug lines, if any, were written before it.
    expect(app.proc.lines.filter((l) => / DEBUG /.test(l))).toEqual([]);
  });
});
