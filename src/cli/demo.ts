import { SingleBar, Presets } from 'cli-progress';
import type { AppContext } from '../app-context.js';
import { DEMO_LOGINS, generateDemo, isDatabaseEmpty } from '../features/demo/demo.service.js';
import { describeDatabase } from './context.js';

type DemoCliOptions = { seed: number; clients: number; years: number; serve?: boolean };

export async function runDemo(ctx: AppContext, opts: DemoCliOptions) {
  if (await isDatabaseEmpty(ctx)) {
    console.log(`Loading the demo company (seed ${opts.seed}, ${opts.clients} clients, ${opts.years} years) into ${describeDatabase(ctx)}`);
    const bar = new SingleBar({ format: ' {phase} [{bar}] {percentage}% {value}/{total}', hideCursor: true }, Presets.shades_classic);
    let phase = '';
    const started = Date.now();
    await generateDemo(ctx, {
      seed: opts.seed,
      clients: opts.clients,
      years: opts.years,
      onProgress: (p) => {
        if (p.phase !== phase) {
          if (phase) bar.stop();
          phase = p.phase;
          bar.start(p.total, p.done, { phase: p.phase.padEnd(12) });
        } else bar.update(p.done, { phase: p.phase.padEnd(12) });
      },
    });
    if (phase) bar.stop();
    console.log(`Demo company loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    console.log(`The database already has data (${describeDatabase(ctx)}); keeping it. Remove it to load a fresh demo.`);
  }
  console.log('\nLogins (password "demo" for everyone):');
  for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(28)} ${l.role.padEnd(20)} ${l.name}`);
  if (opts.serve) {
    const { serve } = await import('./serve.js');
    await serve(ctx);
  } else {
    await ctx.database.close();
  }
}
