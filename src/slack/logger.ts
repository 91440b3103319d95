/**
 * The one logger: Bolt, the Web API client and our own code all write through it, so secrets are
 * scrubbed in one place whatever the level (tokens, the signing secret, anything shaped like a token).
 */
import { inspect } from 'node:util';
import { type Logger, LogLevel } from '@slack/bolt';

export type { Logger };

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
const TOKEN_SHAPE = /\b(xox[abposr]|xapp)-[A-Za-z0-9-]+/g;

export function createLogger(opts: {
  level: `${LogLevel}`;
  secrets: readonly (string | undefined)[];
  name?: string;
  /** Where each scrubbed line goes (default: stderr for warnings and errors, stdout for the rest). */
  sink?: (line: string, level: LogLevel) => void;
}): Logger {
  let level = opts.level as LogLevel;
  let name = opts.name ?? 'lead-vs-manage';
  const secrets = opts.secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);

  const scrub = (text: string): string => {
    let out = text.replace(TOKEN_SHAPE, '$1-[redacted]');
    for (const s of secrets) out = out.split(s).join('[redacted]');
    return out;
  };
  const write = (at: LogLevel, parts: unknown[]) => {
    if (ORDER.indexOf(at) < ORDER.indexOf(level)) return;
    const text = parts
      .map((p) => (typeof p === 'string' ? p : inspect(p, { depth: 4, breakLength: Infinity })))
      .join(' ');
    const line = `${new Date().toISOString()} ${at.toUpperCase()} ${name} ${scrub(text)}\n`;
    if (opts.sink) opts.sink(line, at);
    else (at === LogLevel.ERROR || at === LogLevel.WARN ? process.stderr : process.stdout).write(line);
  };

  return {
    debug: (...m: unknown[]) => write(LogLevel.DEBUG, m),
    info: (...m: unknown[]) => write(LogLevel.INFO, m),
    warn: (...m: unknown[]) => write(LogLevel.WARN, m),
    error: (...m: unknown[]) => write(LogLevel.ERROR, m),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      // Bolt names its sub-loggers; keep ours recognisable.
      name = n.startsWith('lead-vs-manage') ? n : `lead-vs-manage:${n}`;
    },
  };
}
