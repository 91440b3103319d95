/**
 * Runs every channel's schedule. node-cron only provides a one-second tick; which slot is due is decided
 * by the domain (src/domain/schedule.ts), which handles DST gaps, catch-up after downtime and restarts.
 * A slot is claimed in the store (on disk) before the post is made, so it is posted at most once. A claimed
 * slot whose post could not be confirmed (see src/app/posting.ts) is not claimed again: each tick asks the
 * poster to look for it again when due, and the channel's schedule waits until it is settled.
 */
import cron from 'node-cron';
import { type Closer, overdue } from '../app/closing.js';
import type { Poster, UnsettledPosts } from '../app/posting.js';
import { dueSlot } from '../domain/schedule/slots.js';
import type { Logger } from '../slack/logger.js';
import type { ScheduleRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

export interface SchedulerDeps {
  store: Store;
  post: Poster;
  /** Posts whose fate is unknown: looked for again each tick; their channels wait. */
  unsettled?: Pick<UnsettledPosts, 'has' | 'settle'>;
  logger: Logger;
  catchupMs: number;
  /** Prompts open longer than this get their results summary. */
  closeAfterMs: number;
  close: Closer;
  /** The workspaces the app is installed in: only their schedules run and only their prompts are closed. */
  teams: () => string[] | Promise<string[]>;
  now?: () => Date;
}

export interface Scheduler {
  /** Checks every schedule once; what the tick runs. */
  tick(): Promise<void>;
  readonly running: boolean;
  /** Stops ticking and waits for posts in flight. */
  stop(): Promise<void>;
}

const key = (s: { team: string; channel: string }) => `${s.team}/${s.channel}`;

export function startScheduler(deps: SchedulerDeps): Scheduler {
  const { store, post, logger, catchupMs } = deps;
  const now = deps.now ?? (() => new Date());
  const inFlight = new Map<string, Promise<void>>();

  async function runOne(s: ScheduleRecord, at: Date): Promise<void> {
    const due = dueSlot(
      { cron: s.cron, tz: s.tz },
      {
        now: at,
        since: new Date(s.since),
        lastSlot: s.lastSlot ? new Date(s.lastSlot) : undefined,
        catchupMs,
      },
    );
    if (due === null) return;
    if ('skipped' in due) {
      await store.commit([
        { type: 'slot', team: s.team, channel: s.channel, slot: due.skipped.toISOString() },
      ]);
      logger.warn(
        `skipped the ${due.skipped.toISOString()} prompt in ${s.channel}: it was missed while the app was down, longer ago than PROMPT_CATCHUP`,
      );
      return;
    }
    const slot = due.slot.toISOString();
    await store.commit([{ type: 'slot', team: s.team, channel: s.channel, slot }]);
    if (due.late)
      logger.info(`catching up the ${slot} prompt in ${s.channel}, missed while the app was down`);
    const result = await post(s.team, s.channel, { slot });
    if (!result.ok)
      logger.warn(`scheduled prompt for ${s.channel} (slot ${slot}) not posted: ${result.message}`);
  }

  let lastHousekeeping = 0;
  async function closeOverdue(at: Date): Promise<void> {
    // Once a minute, or more often when prompts close sooner than that (tests use seconds).
    if (at.getTime() - lastHousekeeping < Math.min(60_000, Math.max(1000, deps.closeAfterMs / 4))) return;
    lastHousekeeping = at.getTime();
    for (const team of await deps.teams()) {
      for (const post of await overdue(store, team, deps.closeAfterMs, at)) {
        await deps
          .close(post)
          .catch((error) => logger.error(`closing ${post.ts} in ${post.channel} failed: ${error}`));
      }
    }
  }

  // Settling runs beside the ticks (its look-ups back off for seconds), one round at a time.
  let settling: Promise<void> | undefined;
  function settle(): void {
    if (settling || !deps.unsettled) return;
    settling = deps.unsettled
      .settle()
      .catch((error) => logger.error('looking for unconfirmed posts failed:', error))
      .finally(() => {
        settling = undefined;
      });
  }

  async function tick(): Promise<void> {
    const at = now();
    settle();
    const runs: Promise<void>[] = [closeOverdue(at)];
    const installed = new Set(await deps.teams());
    for (const s of await store.schedules()) {
      // A schedule another workspace left in the store (before the workspace gate) never posts with our token.
      if (
        s.paused ||
        !installed.has(s.team) ||
        inFlight.has(key(s)) ||
        deps.unsettled?.has(s.team, s.channel)
      )
        continue;
      const run = runOne(s, at)
        .catch((error) => logger.error(`schedule for ${s.channel} failed:`, error))
        .finally(() => inFlight.delete(key(s)));
      inFlight.set(key(s), run);
      runs.push(run);
    }
    await Promise.all(runs);
  }

  let running = true;
  const task = cron.schedule('* * * * * *', () => tick(), {
    name: 'lead-vs-manage schedules',
    noOverlap: true,
  });

  return {
    tick,
    get running() {
      return running;
    },
    async stop() {
      running = false;
      await task.stop();
      await Promise.all([...inFlight.values(), settling]);
    },
  };
}
