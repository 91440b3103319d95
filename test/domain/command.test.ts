import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.js';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['  help ', { kind: 'help' }],
    ['NOW', { kind: 'now' }],
    ['results', { kind: 'results' }],
    ['history', { kind: 'history', limit: 5 }],
    ['history 3', { kind: 'history', limit: 3 }],
    ['history 500', { kind: 'history', limit: 20, asked: 500 }],
    ['schedule mon 09:00 Europe/Berlin', { kind: 'schedule', when: 'mon 09:00 Europe/Berlin' }],
    ['schedule   0 9 * * 1', { kind: 'schedule', when: '0 9 * * 1' }],
    ['schedule off', { kind: 'unschedule' }],
    ['pause', { kind: 'pause' }],
    ['resume', { kind: 'resume' }],
    ['export', { kind: 'export', format: 'csv' }],
    ['export MD', { kind: 'export', format: 'md' }],
    ['stats', { kind: 'stats' }],
    ['dance', { kind: 'unknown', word: 'dance' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('explains bad arguments', () => {
    expect(parseCommand('history zero')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('history 5'),
    });
    expect(parseCommand('schedule')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('schedule mon 09:00'),
    });
    expect(parseCommand('export pdf')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('csv, json, md'),
    });
  });
});
