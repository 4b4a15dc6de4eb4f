// Builds the web app before `npm start` / `npm run demo` when web/dist is missing or older than
// its sources, so a fresh clone's `npm install && npm run demo` serves the UI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(webDir);
const built = path.join(webDir, 'dist', 'index.html');

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

// The app's own sources plus the API schema files it imports from src/.
const sources = [
  path.join(webDir, 'src'),
  path.join(webDir, 'index.html'),
  path.join(webDir, 'vite.config.ts'),
  path.join(root, 'src', 'features'),
  path.join(root, 'src', 'domain'),
];

const stale = !existsSync(built) || Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
if (process.env.HOLDFAST_SKIP_WEB_BUILD === 'true' || !stale) process.exit(0);

console.log('Building the web app (web/dist)...');
const result = spawnSync('npx', ['vite', 'build', '--config', path.join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  // Callers such as vitest set NODE_ENV=test, which would give React's development build.
  env: { ...process.env, NODE_ENV: 'production' },
});
process.exit(result.status ?? 1);
