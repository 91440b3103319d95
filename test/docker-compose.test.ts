/**
 * No Docker engine here, so docker-compose.yml is checked as data: PostgreSQL 16 with its data on a
 * volume and a health check, and the app started only once the database is healthy, pointed at it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  it('runs postgres:16 with its data on a named volume and a health check', () => {
    const pg = compose.services.postgres;
    expect(pg.image).toBe('postgres:16');
    expect(pg.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes)).toEqual(['pgdata']);
    expect(pg.healthcheck.test.join(' ')).toContain('pg_isready -U lvm -d lvm');
    expect(pg.environment).toMatchObject({ POSTGRES_USER: 'lvm', POSTGRES_DB: 'lvm' });
    expect(pg.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/); // required, never a default
  });

  it('builds the app, starts it once the database is healthy, and points DATABASE_URL at it', () => {
    const app = compose.services.app;
    expect(app.build).toBe('.');
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(app.ports).toEqual(['3000:3000']);
    const url = app.environment.DATABASE_URL.replace(`\${POSTGRES_PASSWORD}`, 'pw123');
    expect(url).toBe('postgres://lvm:pw123@postgres:5432/lvm');
    const checked = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123',
      DATABASE_URL: url,
    });
    expect(checked.ok && checked.config.databaseUrl).toBe(url);
  });
});
