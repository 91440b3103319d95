/** src/slack/private-logs.ts: the loggers that keep an anonymous answer's author out of debug lines. */
import { type Logger, LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { receivedSummary, socketModeLogger, withoutDebug } from '../../src/slack/private-logs.js';

function recording(level = LogLevel.DEBUG): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  let current = level;
  const at =
    (l: string) =>
    (...m: unknown[]) =>
      lines.push(`${l} ${m.join(' ')}`);
  return {
    lines,
    logger: {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      setLevel: (l) => {
        current = l;
      },
      getLevel: () => current,
      setName: () => undefined,
    },
  };
}

describe('withoutDebug', () => {
  it('drops debug lines, passes the others, and cannot be turned down to debug', () => {
    const { logger, lines } = recording();
    const quiet = withoutDebug(logger);
    quiet.debug('http request body: {"user":"U1"}');
    quiet.setLevel(LogLevel.DEBUG);
    quiet.info('i');
    quiet.warn('w');
    quiet.error('e');
    expect(lines).toEqual(['info i', 'warn w', 'error e']);
    expect(quiet.getLevel()).toBe(LogLevel.INFO);
    expect(logger.getLevel()).toBe(LogLevel.DEBUG);
  });
});

describe('the Socket Mode logger', () => {
  const received = (message: unknown) => `Received a message on the WebSocket: ${JSON.stringify(message)}`;

  it('logs an interactive payload by its type and envelope only', () => {
    const line = received({
      envelope_id: 'e-1',
      type: 'interactive',
      payload: {
        type: 'view_submission',
        user: { id: 'U0SECRET' },
        view: { state: { values: { a: 'text' } } },
      },
    });
    expect(receivedSummary(line)).toBe(
      'Received a message on the WebSocket: an interactive view_submission payload, envelope e-1 (its content is not logged: it names who sent it)',
    );
  });

  it('leaves other lines as they are, and never prints what it cannot parse', () => {
    const event = received({
      envelope_id: 'e-2',
      type: 'events_api',
      payload: { event: { type: 'reaction_added' } },
    });
    expect(receivedSummary(event)).toBe(event);
    expect(receivedSummary('Sent ping to Slack')).toBe('Sent ping to Slack');
    expect(receivedSummary('Received a message on the WebSocket: {"user":"U0SECRET"')).not.toContain(
      'U0SECRET',
    );
    expect(
      receivedSummary(
        'Unable to parse an incoming WebSocket message (will ignore): SyntaxError, {"user":"U0SECRET"',
      ),
    ).not.toContain('U0SECRET');
  });

  it('passes the rest through to the app logger', () => {
    const { logger, lines } = recording();
    const socket = socketModeLogger(logger);
    socket.debug(
      received({
        envelope_id: 'e-3',
        type: 'interactive',
        payload: { type: 'block_actions', user: { id: 'U0SECRET' } },
      }),
    );
    socket.info('connected');
    socket.setLevel(LogLevel.WARN);
    expect(lines.join('\n')).not.toContain('U0SECRET');
    expect(lines).toHaveLength(2);
    expect(logger.getLevel()).toBe(LogLevel.WARN);
  });
});
