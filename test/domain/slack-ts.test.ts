import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSlackTs } from '../../src/domain/slack-ts.js';

describe('isSlackTs', () => {
  it('accepts 1 to 20 digits, optionally a dot and 1 to 20 digits, and nothing else', () => {
    for (const ok of ['1764070000.000100', '1', '0.5', '9'.repeat(20), `1.${'0'.repeat(20)}`]) {
      expect(isSlackTs(ok)).toBe(true);
    }
    for (const no of [
      '',
      '.5',
      '12.',
      '1.2.3',
      ' 1',
      '1e5',
      '-1',
      '9'.repeat(21),
      `1.${'0'.repeat(21)}`,
      '١',
    ]) {
      expect(isSlackTs(no)).toBe(false);
    }
    expect(isSlackTs(1764070000)).toBe(false);
  });

  it('agrees with the pattern of a Slack ts on any string of digits and dots', () => {
    const pattern = /^\d{1,20}(\.\d{1,20})?$/;
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9.a]{0,45}$/), (s) => {
        expect(isSlackTs(s)).toBe(pattern.test(s));
      }),
    );
  });
});
