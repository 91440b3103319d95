/**
 * Runs the real app in the test's own process: the Config read from the environment the test passes (and nothing
 * else: not this process's environment, not a `.env` file), `startBot` with the app's own scrubbing logger writing
 * into the test's line buffer instead of stdout/stderr (warnings and errors count as stderr, as in the process), and
 * the same handle as a child process (app-process.ts) minus the signals: stop() is the graceful stop SIGTERM runs.
 *
 * What needs a real process stays there: SIGKILL (an app in this process cannot lose its memory), the store's lock
 * against another process, start-up failures that exit, and fault injection through `--import` preloads.
 */
import { type RunningBot, type StartOptions, startBot } from '../../src/bot.js';
import { loadConfig, secretsOf } from '../../src/config.js';
import { createLogger } from '../../src/slack/logger.js';
import { createOutput, type ExitInfo, inProcessStoppers, type RunningApp } from './app-output.js';

export interface InProcessOptions {
  /** The whole environment the app sees. Undefined values are dropped. */
  env: Record<string, string | undefined>;
  /** The clock of the use cases and the schedules (default: the wall clock). */
  now?: () => Date;
  /** Echo the app's output to this process's stderr (default: env SHOW_APP_LOGS=1). */
  echo?: boolean;
  /** Passed on to startBot (file store tuning, a handed-in database). */
  start?: Omit<StartOptions, 'logger' | 'now' | 'signal'>;
}

const NOT_A_PROCESS = 'an app running in the test process cannot be killed: start it with launchProcess()';

export function startAppInProcess(opts: InProcessOptions): RunningApp {
  const output = createOutput('app (in process)');
  const echo = opts.echo ?? process.env.SHOW_APP_LOGS === '1';
  if (echo) output.onLine = (stream, line) => process.stderr.write(`[app in process ${stream}] ${line}\n`);
  const addText = (stream: 'stdout' | 'stderr', text: string) => {
    for (const line of text.replace(/\n$/, '').split('\n')) output.add(stream, line.replace(/\r$/, ''));
  };

  let exitInfo: ExitInfo | undefined;
  let resolveExited!: (e: ExitInfo) => void;
  const exited = new Promise<ExitInfo>((resolve) => {
    resolveExited = resolve;
  });
  const end = (info: ExitInfo) => {
    if (exitInfo) return;
    exitInfo = info;
    inProcessStoppers.delete(stopNow);
    output.end(`ended (code ${info.code})`);
    resolveExited(info);
  };

  let bot: RunningBot | undefined;
  let stopping: Promise<ExitInfo> | undefined;
  const app: RunningApp = {
    lines: output.lines,
    entries: output.entries,
    port: undefined,
    url: undefined,
    ready: undefined as unknown as Promise<{ port: number; url: string }>,
    exited,
    exitInfo: () => exitInfo,
    logs: output.logs,
    jsonLines: output.jsonLines,
    waitForLine: (pattern, timeoutMs, from) => output.waitForLine(pattern, timeoutMs, from),
    async stop(timeoutMs = 10_000) {
      if (exitInfo) return exitInfo;
      await app.ready.catch(() => undefined);
      if (!bot) return exited;
      const running = bot;
      stopping ??= running.stop().then(
        () => ({ code: 0, signal: null }),
        (error: unknown) => {
          addText('stderr', `shutdown failed: ${String(error)}`);
          return { code: 1, signal: null };
        },
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<ExitInfo>((resolve) => {
        timer = setTimeout(() => resolve({ code: null, signal: 'SIGKILL' }), timeoutMs);
      });
      const info = await Promise.race([stopping, late]);
      clearTimeout(timer);
      end(info);
      return info;
    },
    kill: () => Promise.reject(new Error(NOT_A_PROCESS)),
  };
  const stopNow = () => app.stop();
  inProcessStoppers.add(stopNow);

  (app as { ready: Promise<{ port: number; url: string }> }).ready = (async () => {
    const env = Object.fromEntries(Object.entries(opts.env).filter(([, v]) => v !== undefined));
    const checked = loadConfig(env);
    if (!checked.ok) {
      addText('stderr', 'lead-vs-manage cannot start; fix these settings (environment or .env):');
      for (const problem of checked.problems) addText('stderr', `  ${problem}`);
      end({ code: 1, signal: null });
      throw new Error(`app did not start. Logs:\n${output.logs()}`);
    }
    const { config } = checked;
    const logger = createLogger({
      level: config.logLevel,
      secrets: secretsOf(config),
      sink: (line, level) => addText(level === 'error' || level === 'warn' ? 'stderr' : 'stdout', line),
    });
    try {
      bot = await startBot(config, { ...opts.start, logger, now: opts.now });
    } catch (error) {
      logger.error('lead-vs-manage cannot start:', error);
      end({ code: 1, signal: null });
      throw new Error(`app did not start. Logs:\n${output.logs()}`);
    }
    app.port = bot.port;
    app.url = `http://127.0.0.1:${bot.port}`;
    return { port: bot.port, url: app.url };
  })();
  app.ready.catch(() => {
    // a caller that never awaits `ready` must not trip unhandled-rejection checks
  });
  return app;
}
