import { spawnSync } from 'node:child_process';

// Build web/dist once for every browser test file (skipped when it is already fresh).
export default function setup() {
  const result = spawnSync(process.execPath, ['web/ensure-build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the web app did not build (npm run build:web)');
}
