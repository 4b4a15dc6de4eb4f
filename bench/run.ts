// `npm run bench [-- name ...]` runs every benchmark in bench/<name>/index.ts (or the named ones).
// Each exports `run(): Promise<void>` and prints its own results; docs/benchmarks.md records them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = fs
  .readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(here, d.name, 'index.ts')))
  .map((d) => d.name)
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

if (names.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}
for (const name of names) {
  console.log(`\n=== bench/${name} ===`);
  const mod = (await import(pathToFileURL(path.join(here, name, 'index.ts')).href)) as { run: () => Promise<void> };
  await mod.run();
}
