/**
 * Keeping the author of an anonymous answer out of the logs at every level (README "Security and privacy").
 *
 * What would otherwise print it, at debug (read from @slack/web-api 7, @slack/socket-mode 2 and @slack/bolt 5):
 * - the Web API client logs each request's body ("http request body: …"): the `chat.postEphemeral` that shows
 *   the author their Delete button names them (`user`) beside the answer's ts. That call goes through a client
 *   whose logger never writes debug lines (`withoutDebug`).
 * - the Socket Mode client logs every message it receives ("Received a message on the WebSocket: …"): an
 *   interactive payload (a click, a form sent) names who sent it beside what they sent. Those lines keep only
 *   the envelope's type and id (`socketModeLogger`).
 * Bolt itself prints request bodies only in developerMode, which the app never turns on; its ack lines print
 * what the app answered, which names no one.
 */
import { type Logger, LogLevel } from '@slack/bolt';

/** `logger`, minus its debug lines, whatever level it is set to. */
export function withoutDebug(logger: Logger): Logger {
  return {
    debug: () => undefined,
    info: (...m: unknown[]) => logger.info(...m),
    warn: (...m: unknown[]) => logger.warn(...m),
    error: (...m: unknown[]) => logger.error(...m),
    // Shared with the rest of the app: a client asking for another level or name changes nothing.
    setLevel: () => undefined,
    getLevel: () => (logger.getLevel() === LogLevel.DEBUG ? LogLevel.INFO : logger.getLevel()),
    setName: () => undefined,
  };
}

const RECEIVED = 'Received a message on the WebSocket: ';
const UNPARSED = 'Unable to parse an incoming WebSocket message';

/** What a received Socket Mode message may show in a debug line: interactive payloads only by type and id. */
export function receivedSummary(line: string): string {
  if (line.startsWith(UNPARSED)) return `${UNPARSED} (not logged; it is ignored)`;
  if (!line.startsWith(RECEIVED)) return line;
  let message: { type?: unknown; envelope_id?: unknown; payload?: { type?: unknown } };
  try {
    message = JSON.parse(line.slice(RECEIVED.length));
  } catch {
    return `${RECEIVED}(not JSON; not logged)`;
  }
  if (message.type !== 'interactive') return line;
  const kind = typeof message.payload?.type === 'string' ? message.payload.type : 'unknown';
  return `${RECEIVED}an interactive ${kind} payload, envelope ${String(message.envelope_id)} (its content is not logged: it names who sent it)`;
}

/** The logger handed to the Socket Mode receiver (and through it to its client). */
export function socketModeLogger(logger: Logger): Logger {
  return {
    ...logger,
    debug: (...m: unknown[]) => {
      const [first, ...rest] = m;
      logger.debug(...(typeof first === 'string' ? [receivedSummary(first), ...rest] : m));
    },
    info: (...m: unknown[]) => logger.info(...m),
    warn: (...m: unknown[]) => logger.warn(...m),
    error: (...m: unknown[]) => logger.error(...m),
    setLevel: (level: LogLevel) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name: string) => logger.setName(name),
  };
}
