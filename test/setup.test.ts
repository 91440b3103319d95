/**
 * Set-up papers (issue 9, point 14): `.env.example` and the README list every variable the app reads, a fresh copy
 * of `.env.example` names each missing one once, `.env` is read next to package.json whatever the working
 * directory, and `npm ci` runs no install script the project has not approved.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, DOT_ENV_FILE, environment, loadConfig } from '../src/config.js';
import { REPO_ROOT, runAppToExit, tmpDir } from './support/app-process.js';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

describe('.env.example and the README', () => {
  it('.env.example lists every variable the app reads, and no other (docker compose has its own section)', () => {
    const [app = '', compose = ''] = read('.env.example').split(
      /^# --- Read by docker-compose\.yml only.*$/m,
    );
    const names = (text: string) => [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect([...new Set(names(app))].sort()).toEqual([...CONFIG_VARIABLES].sort());
    for (const name of names(compose)) expect(read('docker-compose.yml'), name).toContain(`\${${name}`);
    for (const name of ['HOST', 'SLACK_API_URL', 'PROMPT_CATCHUP', 'PROMPT_CLOSE_AFTER', 'LOG_LEVEL']) {
      expect(CONFIG_VARIABLES).toContain(name);
    }
  });

  it("README's configuration table lists every variable", () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Schedules'));
    for (const name of CONFIG_VARIABLES) expect(table, name).toContain(`\`${name}\``);
  });

  it('a fresh copy of .env.example names each missing variable once', () => {
    const fresh = parseEnv(read('.env.example'));
    const checked = loadConfig(fresh);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((p) => p.split(':')[0])).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    expect(checked.problems[0]).toMatch(/^SLACK_BOT_TOKEN: required/);
  });
});

describe('.env', () => {
  it('is read next to package.json, as the README says', () => {
    expect(DOT_ENV_FILE).toBe(join(REPO_ROOT, '.env'));
    expect(read('README.md')).toContain('`.env` file next to `package.json`');
    const file = join(tmpDir(), '.env');
    writeFileSync(file, 'PROMPT_TZ=Europe/Paris\n');
    expect(environment(file).PROMPT_TZ).toBe(process.env.PROMPT_TZ ?? 'Europe/Paris');
  });

  it('in another working directory, that directory’s .env is not read', async () => {
    const cwd = tmpDir();
    writeFileSync(join(cwd, '.env'), 'LOG_LEVEL=loud-from-the-working-directory\n');
    // A developer's own .env beside package.json must not change the outcome either.
    const mine = existsSync(DOT_ENV_FILE) ? parseEnv(readFileSync(DOT_ENV_FILE, 'utf8')) : {};
    const blanked = Object.fromEntries(Object.keys(mine).map((k) => [k, '']));
    const result = await runAppToExit({
      cwd,
      entry: join(REPO_ROOT, 'src', 'app.ts'),
      dotEnv: 'allow',
      env: { ...blanked, PORT: '0' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SLACK_BOT_TOKEN: required');
    expect(result.stderr).not.toContain('LOG_LEVEL');
  });
});

describe('npm install scripts', () => {
  /** Every installed package with a preinstall, install or postinstall script, as name@version. */
  function withInstallScripts(dir = join(REPO_ROOT, 'node_modules')): string[] {
    const found: string[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        found.push(...withInstallScripts(path));
        continue;
      }
      const manifest = join(path, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
          name?: string;
          version?: string;
          scripts?: Record<string, string>;
        };
        if (['preinstall', 'install', 'postinstall'].some((s) => pkg.scripts?.[s]))
          found.push(`${pkg.name}@${pkg.version}`);
      }
      const nested = join(path, 'node_modules');
      if (existsSync(nested)) found.push(...withInstallScripts(nested));
    }
    return found;
  }

  it('every dependency with an install script is approved in package.json (npm 11 allowScripts)', () => {
    const allow =
      (JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    const scripted = withInstallScripts();
    expect(scripted.length).toBeGreaterThan(0); // esbuild's postinstall, through tsx
    const pending = scripted.filter((id) => {
      const name = id.slice(0, id.lastIndexOf('@'));
      return allow[id] === undefined && allow[name] === undefined;
    });
    expect(pending, 'approve with `npm install-scripts approve <pkg>` after reviewing the script').toEqual(
      [],
    );
  });
});
