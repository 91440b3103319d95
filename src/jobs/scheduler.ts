/**
 * Runs every channel's schedule. node-cron only provides a one-second tick; which slot is due is decided
 * by the domain (src/domain/schedule/), which handles DST gaps, catch-up after downtime and restarts.
 * Each schedule's next slot is kept in a queue ordered by time (schedule-queue.ts), built at the first tick,
 * so a tick looks only at what is due. The queue learns of a schedule set, changed or removed here through
 * `changed`, and of those changed by other instances sharing a database by re-reading every schedule every
 * `resyncMs` (in slices, beside the ticks).
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
import { dueSlot, type ScheduleSpec } from '../domain/schedule/slots.js';
import type { Logger } from '../slack/logger.js';
import { type Coordination, locks } from '../store/coordination.js';
import type { ScheduleRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { scheduleKey as key, scheduleQueue } from './schedule-queue.js';

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
  /** How often every schedule is read again, to see changes made by other instances (default a minute). */
  resyncMs?: number;
  /** The slot maths that orders the queue (tests count its calls). */
  nextSlot?: (spec: ScheduleSpec, after: Date) => Date;
}

export interface Scheduler {
  /** Runs the schedules that are due; what the tick runs. */
  tick(): Promise<void>;
  /** A schedule was set, changed or removed here: its next slot is computed again before the next tick. */
  changed(team: string, channel: string): void;
  /** Resolves once the background work a tick started (re-reading every schedule) is done. */
  idle(): Promise<void>;
  readonly running: boolean;
  /** Ticks completed so far (for /healthz: a tick runs what is due and, at most once a second, closes). */
  readonly ticks: number;
  /** Stops ticking and waits for posts in flight. */
  stop(): Promise<void>;
}

/** The event id that claims a slot: the same in every instance, so the store lets one of them have it. */
const slotEventId = (team: string, channel: string, slot: string) => `slot:${team}:${channel}:${slot}`;

export function startScheduler(deps: SchedulerDeps): Scheduler {
  const { store, post, logger, catchupMs } = deps;
  const now = deps.now ?? (() => new Date());
  const inFlight = new Map<string, Promise<void>>();
  const queue = scheduleQueue({ store, logger, ...(deps.nextSlot ? { nextSlot: deps.nextSlot } : {}) });

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

  // The queue is built by the first tick, then read again every resyncMs; changes made here come through
  // `changed` and are applied at the start of the next tick.
  let built: Promise<void> | undefined;
  let syncing: Promise<void> | undefined;
  let lastSync = 0;
  const changes = new Map<string, { team: string; channel: string }>();
  function resync(at: Date): void {
    if (syncing || at.getTime() - lastSync < (deps.resyncMs ?? 60_000)) return;
    lastSync = at.getTime();
    syncing = queue
      .sync()
      .catch((error) => logger.error('reading the schedules again failed:', error))
      .finally(() => {
        syncing = undefined;
      });
  }

  async function applyChanges(): Promise<void> {
    const changed = [...changes.values()];
    changes.clear();
    await Promise.all(changed.map((c) => queue.refresh(c.team, c.channel)));
  }

  function run(s: ScheduleRecord, at: Date): Promise<void> {
    const done = runOne(s, at)
      .catch((error) => logger.error(`schedule for ${s.channel} failed:`, error))
      // Its next slot, from the schedule as the claim left it.
      .then(() => queue.refresh(s.team, s.channel))
      .catch((error) => logger.error(`reading the schedule of ${s.channel} failed:`, error))
      .finally(() => inFlight.delete(key(s)));
    inFlight.set(key(s), done);
    return done;
  }

  /** Runs the schedules due at `at`; waits for their runs. */
  async function runDue(at: Date): Promise<void> {
    if (!built) {
      lastSync = at.getTime();
      built = queue.sync().catch((error) => {
        built = undefined; // the next tick tries again
        throw error;
      });
    }
    await built;
    resync(at);
    if (changes.size > 0) await applyChanges();
    const due = queue.takeDue(at.getTime());
    if (due.length === 0) return;
    const installed = new Set(await deps.teams());
    const waiting = await deps.unsettled?.waiting();
    const runs: Promise<void>[] = [];
    for (const s of due) {
      // Its run re-reads it when done, which queues its next slot.
      if (inFlight.has(key(s))) continue;
      // A schedule another workspace left in the store (before the workspace gate) never posts with our
      // token; it is looked at again a minute later, when that workspace may have installed the app.
      if (!installed.has(s.team)) queue.defer(s, at.getTime() + 60_000);
      // Waits for its channel's unconfirmed post to be settled.
      else if (waiting?.has(key(s))) queue.defer(s, at.getTime());
      else runs.push(run(s, at));
    }
    await Promise.all(runs);
  }

  async function tick(): Promise<void> {
    const at = now();
    settle();
    await Promise.all([closeOverdue(at), runDue(at)]);
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
    changed(team, channel) {
      changes.set(key({ team, channel }), { team, channel });
    },
    async idle() {
      await Promise.all([built, syncing]);
    },
    get running() {
      return running;
    },
    get ticks() {
      return ticks;
    },
    async stop() {
      running = false;
      await task.stop();
      await Promise.all([...inFlight.values(), settling, syncing]);
    },
  };
}
