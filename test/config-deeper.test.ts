/** The settings of issue 13: PROMPT_REVISIT_EVERY (then and now) and TALLY_MIN_VOTERS (small groups stay private). */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '0123456789abcdef0123' };

describe('PROMPT_REVISIT_EVERY and TALLY_MIN_VOTERS', () => {
  it('default to one revisit in 4 posts and tallies of 3 voters or more', () => {
    const r = loadConfig(base);
    expect(r.ok && r.config).toMatchObject({ revisitEvery: 4, tallyMinVoters: 3 });
  });

  it('read whole numbers of 1 or more; an empty value is unset', () => {
    const r = loadConfig({ ...base, PROMPT_REVISIT_EVERY: ' 6 ', TALLY_MIN_VOTERS: '1' });
    expect(r.ok && r.config).toMatchObject({ revisitEvery: 6, tallyMinVoters: 1 });
    const empty = loadConfig({ ...base, PROMPT_REVISIT_EVERY: '', TALLY_MIN_VOTERS: ' ' });
    expect(empty.ok && empty.config).toMatchObject({ revisitEvery: 4, tallyMinVoters: 3 });
  });

  it('name what is wrong with anything else, together', () => {
    const r = loadConfig({ ...base, PROMPT_REVISIT_EVERY: '0', TALLY_MIN_VOTERS: 'three' });
    expect(r.ok ? [] : r.problems).toEqual([
      'PROMPT_REVISIT_EVERY: expected a whole number of 1 or more, e.g. 4 (got "0")',
      'TALLY_MIN_VOTERS: expected a whole number of 1 or more, e.g. 3 (got "three")',
    ]);
    const fraction = loadConfig({ ...base, TALLY_MIN_VOTERS: '2.5' });
    expect(fraction.ok ? [] : fraction.problems).toEqual([
      'TALLY_MIN_VOTERS: expected a whole number of 1 or more, e.g. 3 (got "2.5")',
    ]);
  });
});
