/**
 * Issue 12, points 1 and 4, end to end through signed slash commands, block actions and view submissions:
 * anyone may suggest a prompt (`/lead-vs-manage suggest` or the Home tab's button); a suggestion goes to
 * review and is never posted; a form with a problem (empty, too long, a bad link, a duplicate of a shipped or
 * suggested prompt, an 11th suggestion waiting) stays open with the reason under its field and nothing is stored.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../../src/app/prompt-files.js';
import { ACTIONS, CALLBACKS } from '../../src/views/ids.js';
import { FORM_BLOCKS } from '../../src/views/own-form.js';
import type { SlackFake } from '../support/slack-fake.js';
import { launch, promptIdOf, type Running, replyText, useSlackFake } from './harness.js';
import {
  ackOf,
  click,
  formValues,
  goodForm,
  home,
  inputBlockIds,
  lastSeq,
  nextCall,
  prompts,
  submit,
} from './own-support.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

const shipped = loadPrompts(fileURLToPath(new URL('../../prompts', import.meta.url)));

const suggestAs = (app: Running, user: string, fields = goodForm()) =>
  submit(app, { callback_id: CALLBACKS.ownSuggest, user, values: formValues(fields) });

describe('suggesting a prompt', () => {
  it('`suggest` opens the form; a good suggestion goes to review, is stored as pending and is never posted', async () => {
    const app = await launch(fake);
    const trigger = fake.triggerId();
    const res = await app.command('suggest', { user_id: 'UANN', channel_id: 'CSUG', trigger_id: trigger });
    expect(res.status).toBe(200);
    expect(res.body).toBe(''); // nothing to read in the channel: the form opens
    const opened = await nextCall(fake, 'views.open', 0, (c) => c.args.trigger_id === trigger);
    expect(opened.response?.body).toMatchObject({ ok: true });
    const form = opened.args.view as { callback_id: string; blocks: unknown[] };
    expect(form.callback_id).toBe(CALLBACKS.ownSuggest);
    expect(inputBlockIds(form)).toEqual(Object.values(FORM_BLOCKS));

    const ack = ackOf(await suggestAs(app, 'UANN'));
    expect(ack?.response_action).toBe('update');
    expect(JSON.stringify(ack?.view)).toContain('your suggestion went to review');
    expect(app.disk()).toContain(goodForm().text);
    expect(app.disk()).toContain('"status":"pending"');

    const mine = await home(app, fake, 'UANN');
    expect(JSON.stringify(mine.blocks)).toContain('You have 1 suggestion waiting for review.');
    // Not in the rotation: `now` with its words finds nothing, and the rotation's `now` posts a shipped prompt.
    const reply = replyText(
      await app.command('now rota late shifts', { channel_id: 'CSUG', user_id: 'UANN' }),
    );
    expect(reply).toContain("No prompt in your workspace's library matches “rota late shifts”.");
    await app.command('now', { channel_id: 'CSUG', user_id: 'UANN' });
    const posted = await nextCall(fake, 'chat.postMessage', 0, (c) => c.args.channel === 'CSUG');
    expect(shipped.map((p) => p.id)).toContain(promptIdOf(posted));
  });

  it('the Home tab has a Suggest a prompt button for everyone, which opens the same form', async () => {
    const app = await launch(fake);
    const view = await home(app, fake, 'UBEN');
    expect(JSON.stringify(view.blocks)).toContain(ACTIONS.ownSuggest);
    expect(JSON.stringify(view.blocks)).not.toContain(ACTIONS.ownApprove);
    const seq = lastSeq(fake);
    expect(
      (await click(app, fake, { user: 'UBEN', action_id: ACTIONS.ownSuggest, value: 'suggest' })).status,
    ).toBe(200);
    const opened = await nextCall(fake, 'views.open', seq);
    expect(opened.response?.body).toMatchObject({ ok: true });
    expect((opened.args.view as { callback_id: string }).callback_id).toBe(CALLBACKS.ownSuggest);
  });
});

describe('limits and bad input', () => {
  it('names each problem under its field and stores nothing', async () => {
    const app = await launch(fake);
    // The fields of the form the app really opened: `errors` may only name its input blocks.
    const trigger = fake.triggerId();
    await app.command('suggest', { user_id: 'UCAT', channel_id: 'CSUG', trigger_id: trigger });
    const opened = await nextCall(fake, 'views.open', 0, (c) => c.args.trigger_id === trigger);
    const fields = inputBlockIds(opened.args.view as { blocks: unknown[] });
    const cases: [string, Parameters<typeof goodForm>[0], string, string][] = [
      ['empty prompt', { text: '   ' }, FORM_BLOCKS.text, 'Write the prompt'],
      [
        '281 characters',
        { text: 'x'.repeat(281) },
        FORM_BLOCKS.text,
        'At most 280 characters (this one has 281).',
      ],
      ['no form', { form: undefined }, FORM_BLOCKS.form, 'Choose statement or situation.'],
      ['empty question', { discuss: '' }, FORM_BLOCKS.discuss, 'Write a question for the thread'],
      ['not a web link', { link: 'ftp://example.com/x' }, FORM_BLOCKS.link, 'starting with https://'],
      ['a long title', { title: 't'.repeat(201) }, FORM_BLOCKS.title, 'At most 200 characters'],
    ];
    const before = app.disk();
    for (const [what, over, block, message] of cases) {
      const ack = ackOf(await suggestAs(app, 'UCAT', goodForm({ ...over })));
      expect(ack?.response_action, what).toBe('errors');
      expect(ack?.errors?.[block], what).toContain(message);
      for (const key of Object.keys(ack?.errors ?? {})) expect(fields, what).toContain(key);
    }
    expect(app.disk()).toBe(before);
  });

  it('refuses a duplicate of a shipped prompt or of a suggestion (case, spacing and punctuation aside)', async () => {
    const app = await launch(fake);
    const shippedText = shipped[3]?.text ?? '';
    const louder = `  ${shippedText.toUpperCase().replace(/[.,:;]/g, ' ! ')}  `;
    let ack = ackOf(await suggestAs(app, 'UDOT', goodForm({ text: louder })));
    expect(ack?.errors?.[FORM_BLOCKS.text]).toContain('The library already has this prompt');

    expect(ackOf(await suggestAs(app, 'UDOT'))?.response_action).toBe('update');
    const again = goodForm({ text: goodForm().text?.toLowerCase().replace('friday', 'Friday!!') });
    ack = ackOf(await suggestAs(app, 'UELI', again));
    expect(ack?.errors?.[FORM_BLOCKS.text]).toContain('Someone already suggested this prompt');
    expect(app.disk()).not.toContain('Friday!!');
  });

  it('lets one person have 10 suggestions waiting; the 11th is refused with the reason, others may still suggest', async () => {
    const app = await launch(fake);
    for (let i = 1; i <= 10; i++) {
      const ack = ackOf(
        await suggestAs(app, 'URATE', goodForm({ text: `Suggestion number ${i} about the rota.` })),
      );
      expect(ack?.response_action, `suggestion ${i}`).toBe('update');
    }
    const eleventh = ackOf(
      await suggestAs(app, 'URATE', goodForm({ text: 'Suggestion number 11 about the rota.' })),
    );
    expect(eleventh).toEqual({
      response_action: 'errors',
      errors: {
        [FORM_BLOCKS.text]:
          'You have 10 suggestions waiting for review, the most one person may have. Once an admin has reviewed some, suggest more.',
      },
    });
    expect(app.disk()).not.toContain('Suggestion number 11');
    expect(
      ackOf(await suggestAs(app, 'UOTHER', goodForm({ text: 'Another person suggests this.' })))
        ?.response_action,
    ).toBe('update');
    expect(prompts(fake, 'CSUG')).toEqual([]);
  });
});
