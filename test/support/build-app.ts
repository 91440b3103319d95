/**
 * vitest's global set-up: builds the app into dist/ once before the tests (`npm run build`, about 2 s), so the
 * tests that need a real process run `node dist/app.js`, as `npm start` does, instead of compiling the sources
 * again in every child (tsx cost about a second of CPU per process).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildApp(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
}
