/**
 * Runs every channel's schedule. node-cron only provides a one-second tick; which slot is due is decided
 * by the domain (src/domain/schedule/), which handles DST gaps, catch-up after downtime and restarts.
 * A slot is claimed in the store (on disk) before the post is made, so it is posted at most once: the claim
 * is a commit with the slot's own event id (`slot:<team>:<channel>:<slot>`), which the store applies once,
 * so when several instances share a database exactly one of them wins each slot (and posts it, or records
 * it as skipped). A claimed slot whose post could not be confirmed (see src/app/posting.ts) is not claimed
 * again: each tick asks the poster to look for it again when due, and the channel's schedule waits until
 * it is settled.
 */
import cron from 'node-cron';
import { type Closer, overdue } from '../app/closing.js';
import type { Poster, UnsettledPosts } from '../app/posting.js';
import { dueSlot } from '../domain/schedule/slots.js';
import type { Logger } from '../slack/logger.js';
import { type Coordination, locks } from '../store/coordination.js';
import type { ScheduleRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

export interface SchedulerDeps {
  store: Store;
  /** Slot claims take the channel's schedule lock (see src/app/schedules.ts). */
  coordination: Pick<Coordination, 'exclusive'>;
  post: Poster;
  /** Posts whose fate is unknown: looked for again each tick; their channels wait. */
  unsettled?: Pick<UnsettledPosts, 'waiting' | 'settle'>;
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
  /** Ticks completed so far (for /healthz: a tick checks every schedule and, at most once a second, closes). */
  readonly ticks: number;
  /** Stops ticking and waits for posts in flight. */
  stop(): Promise<void>;
}

const key = (s: { team: string; channel: string }) => `${s.team}/${s.channel}`;

/** The event id that claims a slot: the same in every instance, so the store lets one of them have it. */
const slotEventId = (team: string, channel: string, slot: string) => `slot:${team}:${channel}:${slot}`;

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
    const slot = ('skipped' in due ? due.skipped : due.slot).toISOString();
    const claim = await deps.coordination.exclusive(locks.schedule(s.team, s.channel), async () => {
      // As it is now: paused, removed or changed since the tick read it, or a later slot claimed.
      const current = await store.schedule(s.team, s.channel);
      if (
        !current ||
        current.paused ||
        current.cron !== s.cron ||
        current.tz !== s.tz ||
        current.since !== s.since ||
        (current.lastSlot !== undefined && Date.parse(current.lastSlot) >= Date.parse(slot))
      )
        return 'gone';
      const won = await store.commit([{ type: 'slot', team: s.team, channel: s.channel, slot }], {
        eventId: slotEventId(s.team, s.channel, slot),
      });
      return won ? 'won' : 'gone';
    });
    if (claim === 'gone') {
      logger.debug(
        `the ${slot} slot in ${s.channel} was claimed by another instance, or its schedule changed`,
      );
      return;
    }
    if ('skipped' in due) {
      logger.warn(
        `skipped the ${slot} prompt in ${s.channel}: it was missed while the app was down, longer ago than PROMPT_CATCHUP`,
      );
      return;
    }
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
    const [schedules, waiting] = await Promise.all([store.schedules(), deps.unsettled?.waiting()]);
    for (const s of schedules) {
      // A schedule another workspace left in the store (before the workspace gate) never posts with our token.
      if (s.paused || !installed.has(s.team) || inFlight.has(key(s)) || waiting?.has(key(s))) continue;
      const run = runOne(s, at)
        .catch((error) => logger.error(`schedule for ${s.channel} failed:`, error))
        .finally(() => inFlight.delete(key(s)));
      inFlight.set(key(s), run);
      runs.push(run);
    }
    await Promise.all(runs);
    ticks++;
  }

  let running = true;
  let ticks = 0;
  const task = cron.schedule('* * * * * *', () => tick(), {
    name: 'lead-vs-manage schedules',
    noOverlap: true,
  });

  return {
    tick,
    get running() {
      return running;
    },
    get ticks() {
      return ticks;
    },
    async stop() {
      running = false;
      await task.stop();
      await Promise.all([...inFlight.values(), settling]);
    },
  };
}
