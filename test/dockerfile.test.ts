/**
 * No Docker engine here, so the Dockerfile's key properties are checked as text: the runtime stage is what ships.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
// Instructions one per line: continuation lines joined, comments and blank lines dropped.
const lines = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const stages = lines.reduce<string[][]>((acc, l) => {
  if (/^FROM\s/i.test(l)) acc.push([]);
  acc.at(-1)?.push(l);
  return acc;
}, []);
const runtime = stages.at(-1) ?? [];
const find = (stage: string[], instruction: string) =>
  stage.filter((l) => l.toUpperCase().startsWith(`${instruction} `));

describe('Dockerfile', () => {
  it('is multi-stage on node:22-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]).toMatch(/^FROM node:22-bookworm-slim(\s|$)/);
  });

  it('builds with npm ci + npm run build, and installs only production dependencies at runtime', () => {
    const build = stages.slice(0, -1).flat();
    expect(build.some((l) => /^RUN .*npm ci\b/.test(l))).toBe(true);
    expect(build.some((l) => /^RUN .*npm run build\b/.test(l))).toBe(true);
    expect(find(runtime, 'RUN').some((l) => /npm ci --omit=dev/.test(l))).toBe(true);
    expect(runtime).toContain('ENV NODE_ENV=production');
    expect(find(runtime, 'COPY').some((l) => /--from=\S+ \/app\/dist /.test(l))).toBe(true);
    expect(find(runtime, 'COPY').some((l) => /^COPY prompts /.test(l))).toBe(true);
  });

  it('runs as the non-root node user', () => {
    const users = find(runtime, 'USER');
    expect(users.at(-1)).toBe('USER node');
  });

  it('keeps the store on a /data volume owned by node', () => {
    expect(find(runtime, 'VOLUME')).toEqual(['VOLUME /data']);
    expect(runtime).toContain('ENV DB_FILE=/data/lead-vs-manage.json');
    expect(find(runtime, 'RUN').some((l) => /chown node:node \/data\b/.test(l))).toBe(true);
    // The chown must come before VOLUME: changes to a volume path after VOLUME are discarded.
    const chown = runtime.findIndex((l) => /chown node:node \/data\b/.test(l));
    expect(chown).toBeLessThan(runtime.indexOf('VOLUME /data'));
  });

  it('probes /healthz with node itself (no curl in slim)', () => {
    const [check] = find(runtime, 'HEALTHCHECK');
    expect(check).toMatch(/CMD node -e .*fetch\(.*127\.0\.0\.1.*\/healthz/);
    expect(check).not.toMatch(/\bcurl\b|\bwget\b/);
    expect(find(runtime, 'EXPOSE')).toEqual(['EXPOSE 3000']);
  });

  it('starts node directly under tini, never through npm (SIGTERM must reach node)', () => {
    expect(find(runtime, 'RUN').some((l) => /apt-get install -y --no-install-recommends tini/.test(l))).toBe(
      true,
    );
    expect(find(runtime, 'RUN').some((l) => /rm -rf \/var\/lib\/apt\/lists/.test(l))).toBe(true);
    expect(find(runtime, 'ENTRYPOINT')).toEqual(['ENTRYPOINT ["/usr/bin/tini", "--"]']);
    expect(find(runtime, 'CMD')).toEqual(['CMD ["node", "dist/app.js"]']);
    expect(dockerfile).not.toMatch(/^(CMD|ENTRYPOINT)\b.*\bnpm\b/m);
  });
});

describe('.dockerignore', () => {
  it('keeps local state, secrets and build output out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(
      expect.arrayContaining(['node_modules', 'dist', 'data', '.git', '.env', 'test', 'coverage']),
    );
  });
});
