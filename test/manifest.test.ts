/**
 * manifest.yml against Slack's manifest schema, against src/slack/surface.ts, against Slack's published specs, and
 * src/ against src/slack/surface.ts: a scope the manifest lacks only shows up in production as `missing_scope`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webApi } from '@slack/bolt';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAccess } from '../src/app/access.js';
import type { Deps } from '../src/app/deps.js';
import { eventListeners } from '../src/listeners/events/index.js';
import {
  BOT_EVENTS,
  BOT_SCOPES,
  COMMAND,
  EVENT_SCOPES,
  METHOD_SCOPES,
  requiredBotScopes,
  WEB_API_METHODS,
} from '../src/slack/surface.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Slack's manifest schema and the scopes of its published specs, kept in the repository (test/fixtures/slack/,
// with their licence and where they came from): a missing file fails these tests; none of them can be left out.
const fixtures = join(root, 'test', 'fixtures', 'slack');
const schemaFile = join(fixtures, 'manifest.schema.1.0.0.json');
const scopesFile = join(fixtures, 'scopes.json');

interface Manifest {
  display_information: { name: string; background_color?: string };
  features?: {
    app_home?: { home_tab_enabled?: boolean };
    slash_commands?: { command: string; url?: string; usage_hint?: string }[];
  };
  oauth_config?: { scopes?: { bot?: string[] } };
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled?: boolean;
  };
}

const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as Manifest;
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The sub-commands the slash command's usage hint must mention. */
const SUBCOMMANDS = [
  'now',
  'next',
  'suggest',
  'results',
  'history',
  'schedule',
  'pause',
  'resume',
  'export',
  'stats',
  'library',
  'help',
];

describe('manifest.yml', () => {
  it("validates against Slack's manifest schema 1.0.0", () => {
    // The schema only uses `format: uri` (on `$schema`), and ajv-formats is not installed: ignore formats.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(readJson(schemaFile) as object);
    const valid = validate(manifest);
    expect(valid, `manifest.yml:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`).toBe(true);
    // Proof the schema bites: a slash command without its leading slash is refused.
    const broken = structuredClone(manifest);
    const [first] = broken.features?.slash_commands ?? [];
    if (first) first.command = 'lead-vs-manage';
    expect(validate(broken)).toBe(false);
  });

  it('has a #rgb/#rrggbb background colour (the schema writes this as a `regex` keyword ajv does not know)', () => {
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });

  it('declares exactly one slash command, COMMAND', () => {
    expect(manifest.features?.slash_commands?.map((c) => c.command)).toEqual([COMMAND]);
  });

  it('subscribes to exactly BOT_EVENTS', () => {
    expect(sorted(manifest.settings?.event_subscriptions?.bot_events ?? [])).toEqual(sorted(BOT_EVENTS));
  });

  it('requests exactly requiredBotScopes(): nothing missing, nothing extra', () => {
    const declared = sorted(manifest.oauth_config?.scopes?.bot ?? []);
    const required: readonly string[] = requiredBotScopes();
    const missing = required.filter((s) => !declared.includes(s));
    const extra = declared.filter((s) => !required.includes(s));
    expect({ missing, extra }, 'copy requiredBotScopes() into oauth_config.scopes.bot').toEqual({
      missing: [],
      extra: [],
    });
    expect(BOT_SCOPES).toEqual(required);
  });

  it('enables the Home tab, which app_home_opened and views.publish need', () => {
    expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
  });

  it("sends commands, events and interactions to one URL ending in Bolt's /slack/events", () => {
    const urls = [
      manifest.features?.slash_commands?.[0]?.url,
      manifest.settings?.event_subscriptions?.request_url,
      manifest.settings?.interactivity?.request_url,
    ];
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
  });

  it('has a usage hint that mentions every sub-command', () => {
    const hint = manifest.features?.slash_commands?.[0]?.usage_hint ?? '';
    const missing = SUBCOMMANDS.filter((word) => !new RegExp(`(^|[\\s|])${word}(?=$|[\\s|])`).test(hint));
    expect(missing, `usage_hint: "${hint}"`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Scopes against Slack's published specs.

/**
 * The 2020 OpenAPI spec lists, per method, one security requirement `{ slackAuth: [...] }` whose array holds
 * ALTERNATIVE scopes (one per token or conversation type: chat:write:user | chat:write:bot; channels:read |
 * groups:read | im:read | mpim:read), not scopes all required together as OpenAPI would read it; "none" means no
 * scope. Several are pre-granular-bot names; a bot token holds their granular replacement instead:
 */
const GRANULAR_BOT_EQUIVALENT: Record<string, readonly string[]> = {
  'chat:write:bot': ['chat:write'], // https://docs.slack.dev/reference/scopes/chat.write
  'chat:write:user': ['chat:write'],
  'files:write:user': ['files:write'], // https://docs.slack.dev/reference/scopes/files.write
  // channels:write was split for bot tokens: joining needs channels:join, creating/renaming channels:manage
  // (conversations.join: bot token channels:join, user token channels:write).
  'channels:write': ['channels:join', 'channels:manage'],
};

/** Methods newer than the 2020 spec, with the bot scopes Slack's documentation gives them (checked by hand). */
const DOCUMENTED_AFTER_2020: Record<string, readonly string[]> = {
  // https://docs.slack.dev/messaging/working-with-files: "files:write allows your app to upload files"; both steps
  // of the upload v2 flow (client.filesUploadV2) are files:write methods.
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
};

/** Events absent from the 2020 Events API spec, with the scopes Slack's documentation gives them. */
const EVENTS_DOCUMENTED_AFTER_2020: Record<string, readonly string[]> = {
  // https://docs.slack.dev/reference/events/app_home_opened: needs a bot user and the App Home, no scope.
  app_home_opened: [],
};

/** What test/fixtures/slack/extract-scopes.ts keeps of Slack's specs. */
interface SpecScopes {
  /** Per method, the scopes its security requirement lists (alternatives; "none": no scope). */
  methods: Record<string, string[]>;
  /** Per Events API topic (dotted: reaction.added), the scopes it requires. */
  events: Record<string, string[]>;
}

/** The alternatives the spec accepts for a method, as granular bot scopes; [] when it needs none; null if absent. */
function specAlternatives(spec: SpecScopes, method: string): string[] | null {
  const listed = spec.methods[method];
  if (!listed) return null;
  return sorted(listed.filter((s) => s !== 'none').flatMap((s) => GRANULAR_BOT_EQUIVALENT[s] ?? [s]));
}

/** A declared scope list is right when it needs nothing iff the spec needs nothing, and invents no scope. */
function expectCovered(declared: readonly string[], alternatives: readonly string[], what: string) {
  const invented = declared.filter((s) => !alternatives.includes(s));
  expect(invented, `${what}: scopes the spec does not list (${alternatives.join(' | ') || 'none'})`).toEqual(
    [],
  );
  expect(declared.length > 0, `${what}: spec alternatives ${alternatives.join(' | ') || 'none'}`).toBe(
    alternatives.length > 0,
  );
}

describe('scopes', () => {
  it('METHOD_SCOPES covers every method in WEB_API_METHODS, EVENT_SCOPES every event in BOT_EVENTS', () => {
    expect(sorted(Object.keys(METHOD_SCOPES))).toEqual(sorted(WEB_API_METHODS));
    expect(sorted(Object.keys(EVENT_SCOPES))).toEqual(sorted(BOT_EVENTS));
  });

  const spec = readJson(scopesFile) as SpecScopes;

  it('reads the extract of both specs', () => {
    expect(Object.keys(spec.methods).length).toBeGreaterThan(100);
    expect(spec.methods['chat.postMessage']).toContain('chat:write:bot');
    expect(spec.events['reaction.added']).toEqual(['reactions:read']);
  });

  describe("each method's scopes match the 2020 Web API spec", () => {
    for (const method of WEB_API_METHODS) {
      it(method, () => {
        const declared: readonly string[] = METHOD_SCOPES[method];
        const alternatives = specAlternatives(spec, method);
        if (alternatives === null) {
          expect(
            DOCUMENTED_AFTER_2020[method],
            `${method} is not in the 2020 spec: check Slack's docs`,
          ).toBeDefined();
          expect(sorted(declared)).toEqual(sorted(DOCUMENTED_AFTER_2020[method] ?? []));
        } else {
          expectCovered(declared, alternatives, method);
        }
      });
    }
  });

  describe("each event's scopes match the 2020 Events API spec", () => {
    for (const event of BOT_EVENTS) {
      it(event, () => {
        const declared: readonly string[] = EVENT_SCOPES[event];
        // The spec names topics with dots: reaction_added → reaction.added; message.channels stays.
        const topic = spec.events[event.replaceAll('_', '.')];
        if (!topic) {
          expect(
            EVENTS_DOCUMENTED_AFTER_2020[event],
            `${event} is not in the 2020 spec: check Slack's docs`,
          ).toBeDefined();
          expect(sorted(declared)).toEqual(sorted(EVENTS_DOCUMENTED_AFTER_2020[event] ?? []));
        } else {
          expectCovered(declared, topic, event);
        }
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The code really uses what is declared.

/** Every method of the installed Web API client, as dotted names (`chat.postMessage`). */
function clientMethods(): Set<string> {
  const found = new Set<string>();
  const walk = (node: object, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('_') || key === 'requestQueue') continue; // internals, not API families
      if (typeof value === 'function' && prefix) found.add(prefix + key);
      else if (value && typeof value === 'object' && prefix.split('.').length < 5)
        walk(value, `${prefix}${key}.`);
    }
  };
  walk(new webApi.WebClient(), '');
  return found;
}
const KNOWN_METHODS = clientMethods();
const API_FAMILIES = new Set([...KNOWN_METHODS].map((m) => m.split('.')[0]));
const UPLOAD_V2 = ['files.getUploadURLExternal', 'files.completeUploadExternal'];

interface Use {
  name: string;
  where: string;
}

function stripComments(code: string): string {
  // Blank out comments but keep line numbers: /* … */ blocks and whole-line // comments.
  return code
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/^\s*\/\/.*$/gm, (c) => ' '.repeat(c.length));
}

function scanSource(): { methods: Use[]; events: Use[]; commands: Use[] } {
  const src = join(root, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(src, f))
    .filter((f) => f !== join(src, 'slack', 'surface.ts'));
  const methods: Use[] = [];
  const events: Use[] = [];
  const commands: Use[] = [];
  for (const file of files) {
    const code = stripComments(readFileSync(file, 'utf8'));
    const at = (index: number) => `${relative(root, file)}:${code.slice(0, index).split('\n').length}`;
    // A formatter may break a chain over lines (`client.users\n  .info(`): allow white space around the dots.
    for (const m of code.matchAll(/\bclient((?:\s*\.[A-Za-z_$][\w$]*)+)\s*\(/g)) {
      const path = m[1]?.replace(/\s+/g, '').slice(1) ?? '';
      let names: string[] = [];
      if (path === 'filesUploadV2' || path === 'files.uploadV2') names = UPLOAD_V2;
      else if (KNOWN_METHODS.has(path) || API_FAMILIES.has(path.split('.')[0])) names = [path];
      for (const name of names) methods.push({ name, where: at(m.index) });
    }
    for (const m of code.matchAll(/\bclient\.apiCall\(\s*(['"`])([\w.]+)\1/g)) {
      methods.push({ name: m[2] ?? '', where: at(m.index) });
    }
    // Bolt's say() is chat.postMessage.
    for (const m of code.matchAll(/(?<![\w$.])say\s*\(/g))
      methods.push({ name: 'chat.postMessage', where: at(m.index) });
    // Any receiver: `app.event(`, `bolt.event(`… (a Bolt App under another name registers the same way).
    for (const m of code.matchAll(/\.(event|message|command)\s*\(\s*(?:(['"`])([^'"`]*)\2)?/g)) {
      const [, kind, , literal] = m;
      if (kind === 'message') events.push({ name: 'message', where: at(m.index) });
      else if (kind === 'event') events.push({ name: literal ?? '(computed)', where: at(m.index) });
      else if (kind === 'command' && literal !== undefined)
        commands.push({ name: literal, where: at(m.index) });
    }
  }
  return { methods, events, commands };
}

describe('src/ uses what src/slack/surface.ts declares', () => {
  const used = scanSource();
  const show = (uses: Use[]) => uses.map((u) => `${u.name} at ${u.where}`);

  it('every WEB_API_METHODS entry is a method of the installed @slack/web-api client', () => {
    expect(WEB_API_METHODS.filter((m) => !KNOWN_METHODS.has(m))).toEqual([]);
  });

  it('every Web API method called in src/ is in WEB_API_METHODS (else the manifest may lack its scope)', () => {
    const declared: readonly string[] = WEB_API_METHODS;
    expect(show(used.methods.filter((u) => !declared.includes(u.name)))).toEqual([]);
  });

  it('every event listened to in src/ is subscribed in BOT_EVENTS (message → message.channels, message.groups)', () => {
    // A Bolt event type is delivered by the manifest event of the same name, or by its `type.*` variants.
    const subscribed = (type: string) => BOT_EVENTS.some((e) => e === type || e.startsWith(`${type}.`));
    const table = Object.keys(eventListeners({} as Deps, createAccess())).map((name) => ({
      name,
      where: 'src/listeners/events/index.ts eventListeners',
    }));
    expect(table.length).toBeGreaterThan(0);
    const listened = [...used.events, ...table];
    expect(show(listened.filter((u) => !subscribed(u.name)))).toEqual([]);
    // And the other way round: every subscription reaches a listener (else Slack sends events for nothing).
    expect(BOT_EVENTS.filter((e) => !listened.some((u) => u.name === e.split('.')[0]))).toEqual([]);
    if (listened.some((u) => u.name === 'message')) {
      expect(BOT_EVENTS).toEqual(expect.arrayContaining(['message.channels', 'message.groups']));
    }
  });

  it('registers no event with app.event() or app.message(): events stop at the table in src/listeners/events/index.ts', () => {
    expect(
      show(used.events),
      'add the listener to eventListeners instead; this one would never fire',
    ).toEqual([]);
  });

  it('every app.command() literal in src/ is COMMAND', () => {
    expect(show(used.commands.filter((u) => u.name !== COMMAND))).toEqual([]);
  });

  it('every WEB_API_METHODS entry is called somewhere in src/', () => {
    const called = new Set(used.methods.map((u) => u.name));
    const unused = WEB_API_METHODS.filter((m) => !called.has(m));
    expect(unused, 'declared in src/slack/surface.ts but never called: drop them and their scopes').toEqual(
      [],
    );
  });
});
