/**
 * The read paths bench/scale/reads.ts times, each as the app runs it minus the Slack call at the end: the Home
 * tab's model and view, `results`, `history`, `stats`, and the exports (the file's bytes, ready to upload).
 */
import { channelHistory, channelTrend, promptResult } from '../../src/app/archive.js';
import { archiveHead, archivePrompts, renderExport } from '../../src/app/export.js';
import { homeModel } from '../../src/app/home.js';
import { loadPrompts, PROMPTS_DIR } from '../../src/app/prompt-files.js';
import { createTeamLibraries } from '../../src/app/team-library.js';
import type { Config } from '../../src/config.js';
import { HISTORY_DEFAULT } from '../../src/domain/command.js';
import { promptLibrary } from '../../src/domain/library.js';
import { homeView } from '../../src/views/home.js';
import type { HomeState } from '../../src/views/ids.js';
import { historyBlocks, resultsBlocks } from '../../src/views/results.js';
import { statsMessage } from '../../src/views/stats.js';
import type { ArchiveFixture } from './reads-fixture.js';
import { percentile, withStall } from './stall.js';

export interface ReadPath {
  name: string;
  /** Runs the path once; returns what it produced, in a few words. */
  run(): Promise<string>;
}

export interface Measured {
  name: string;
  p50: number;
  p99: number;
  /** The longest event-loop stall seen over all runs, ms. */
  stall: number;
  /** The process's CPU time per run (all its threads, the collector's too), ms. */
  cpu: number;
  detail: string;
}

const MIN_VOTERS = 3;

export function readPaths(f: ArchiveFixture): ReadPath[] {
  const { store, team, channel } = f;
  const library = promptLibrary(loadPrompts(PROMPTS_DIR));
  const prompts = createTeamLibraries(store, library);
  const deps = {
    store,
    prompts,
    config: { tallyMinVoters: MIN_VOTERS } as Config,
    workspaces: { bot: async () => undefined } as never,
  };
  const memberOf = new Map(f.channels.map((c) => [c, c.toLowerCase()]));
  const home = (wanted: HomeState) => async () => {
    const model = await homeModel(deps, team, memberOf, wanted);
    const view = homeView(model);
    return `${view.blocks.length} blocks, ${model.total} prompts`;
  };
  const exporter = (format: 'md' | 'csv' | 'json') => async () => {
    const lib = await prompts.forTeam(team);
    const head = archiveHead({ team, channel, channelName: 'big' }, new Date());
    const file = await renderExport(head, archivePrompts(store, lib, team, channel), format);
    return `${(file.bytes / 1024 / 1024).toFixed(1)} MB`;
  };
  return [
    { name: 'Home', run: home({ channel: undefined, page: 0 }) },
    { name: 'Home, one channel', run: home({ channel, page: 0 }) },
    {
      name: 'results',
      run: async () => {
        const [latest] = await store.posts(team, channel, { limit: 1 });
        if (!latest) throw new Error('no prompt');
        const result = await promptResult(store, await prompts.forTeam(team), latest, MIN_VOTERS);
        return `${resultsBlocks(result, undefined).blocks.length} blocks`;
      },
    },
    {
      name: 'history',
      run: async () => {
        const lib = await prompts.forTeam(team);
        const { rows, total } = await channelHistory(store, lib, team, channel, HISTORY_DEFAULT, MIN_VOTERS);
        return `${historyBlocks(rows, total, undefined, undefined).blocks.length} blocks, ${total} prompts`;
      },
    },
    {
      name: 'stats',
      run: async () => {
        const lib = await prompts.forTeam(team);
        const t = await channelTrend(store, lib, team, channel, MIN_VOTERS);
        if (!t) throw new Error('no prompt');
        return `${statsMessage(t).blocks.length} blocks, ${t.prompts} prompts`;
      },
    },
    { name: 'export md', run: exporter('md') },
    { name: 'export csv', run: exporter('csv') },
    { name: 'export json', run: exporter('json') },
  ];
}

/** One warm-up run, then `runs` timed runs, each watched by the stall detectors. */
export async function measure(path: ReadPath, runs: number): Promise<Measured> {
  let detail = await path.run();
  const times: number[] = [];
  let stall = 0;
  let cpu = 0;
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const { result, stall: s } = await withStall(async () => {
      const t0 = performance.now();
      const out = await path.run();
      times.push(performance.now() - t0);
      return out;
    });
    const used = process.cpuUsage(cpu0);
    cpu += (used.user + used.system) / 1000;
    stall = Math.max(stall, s.gapMs, s.delayMaxMs);
    detail = result;
  }
  return {
    name: path.name,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    stall,
    cpu: cpu / runs,
    detail,
  };
}
