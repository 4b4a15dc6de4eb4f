import { Command, Option } from 'commander';
import { ROLES } from '../domain/actor.js';
import { openContext } from './context.js';

const program = new Command('holdfast').description('Holdfast: the B2B sales CRM where the company holds every client relationship');

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${v}`);
  return n;
};

program
  .command('serve')
  .description('migrate the database and serve the API and web app on PORT (default 3000)')
  .action(async () => {
    const { serve } = await import('./serve.js');
    await serve(await openContext());
  });

program
  .command('migrate')
  .description('apply pending migrations (or undo the last one with --down)')
  .option('--down', 'undo the most recent migration')
  .action(async (opts: { down?: boolean }) => {
    const { loadConfig } = await import('../config.js');
    const { connectDatabase } = await import('../db/database.js');
    const { migrateDown, migrateToLatest } = await import('../db/migrate.js');
    const config = loadConfig();
    const database = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
    const result = opts.down ? await migrateDown(database.db) : await migrateToLatest(database.db);
    for (const r of result.results ?? []) console.log(`${r.direction} ${r.migrationName}: ${r.status}`);
    if (!result.results?.length) console.log('Nothing to do: the database is up to date');
    await database.close();
  });

program
  .command('demo')
  .description('load the demo company into an empty database (and serve it with --serve)')
  .option('--seed <n>', 'random seed', int, 42)
  .option('--clients <n>', 'number of client companies', int, 2000)
  .option('--years <n>', 'years of order history', int, 3)
  .option('--serve', 'start the server afterwards')
  .action(async (opts: { seed: number; clients: number; years: number; serve?: boolean }) => {
    const { runDemo } = await import('./demo.js');
    await runDemo(await openContext(), opts);
  });

const user = program.command('user').description('manage employees');
user
  .command('add')
  .description('add an employee who can log in')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .addOption(new Option('--role <role>').choices(ROLES).makeOptionMandatory())
  .requiredOption('--password <password>')
  .option('--hired <date>', 'hired date, YYYY-MM-DD')
  .action(async (opts: { email: string; name: string; role: (typeof ROLES)[number]; password: string; hired?: string }) => {
    const { createEmployee } = await import('../features/employees/employees.service.js');
    const ctx = await openContext();
    const employee = await createEmployee(ctx, { email: opts.email, name: opts.name, role: opts.role, password: opts.password, hiredOn: opts.hired });
    console.log(`Added ${employee.name} <${employee.email}> as ${employee.role} (id ${employee.id})`);
    await ctx.database.close();
  });

const token = program.command('token').description('manage personal API tokens');
token
  .command('create')
  .description('create a personal API token for an employee (shown once)')
  .requiredOption('--email <email>')
  .option('--name <name>', 'what the token is for', 'cli')
  .action(async (opts: { email: string; name: string }) => {
    const { createTokenForEmail } = await import('./token.js');
    const ctx = await openContext();
    const created = await createTokenForEmail(ctx, opts);
    console.log(`Token "${created.name}" for ${opts.email}; send it as "Authorization: Bearer <token>". It is shown only once:`);
    console.log(created.token);
    await ctx.database.close();
  });

const audit = program.command('audit').description('the tamper-evident audit trail');
audit
  .command('verify')
  .description('walk the hash chain and report the first edited or missing entry (exit code 2 when broken)')
  .option('--batch <n>', 'entries read per batch', int, 5000)
  .action(async (opts: { batch: number }) => {
    const { verifyChain } = await import('../features/audit/audit.service.js');
    const ctx = await openContext();
    const result = await verifyChain(ctx.db, { batchSize: Math.max(1, opts.batch) });
    await ctx.database.close();
    if (result.ok) {
      console.log(`Audit chain intact: ${result.checked} entries${result.lastId ? `, last id ${result.lastId}` : ''}`);
      return;
    }
    const why = result.firstBroken?.reason === 'hash_mismatch' ? 'was edited' : 'does not follow the entry before it (an entry was deleted or re-chained)';
    console.error(`Audit chain BROKEN at entry ${result.firstBroken?.id}: it ${why}. ${result.checked} entries before it verified.`);
    process.exitCode = 2;
  });

const signals = program.command('signals').description('departure signals: unusual exports, reveals and silence, per employee');
signals
  .command('run')
  .description('score a day against each employee\'s previous 30 days and raise alerts (default: yesterday)')
  .option('--date <date>', 'the day to score, YYYY-MM-DD')
  .action(async (opts: { date?: string }) => {
    const { runSignalsCommand } = await import('./signals.js');
    const ctx = await openContext();
    try {
      for (const line of await runSignalsCommand(ctx, opts)) console.log(line);
    } finally {
      await ctx.database.close();
    }
  });

program
  .command('backtest')
  .description('judge the churn warning on your own history: whom it would have flagged as of a date, and who then stopped ordering')
  .requiredOption('--as-of <date>', 'the date to score as of, YYYY-MM-DD')
  .option('--horizon <months>', 'months after the date to look for orders', int, 6)
  .action(async (opts: { asOf: string; horizon: number }) => {
    const { runBacktestCommand } = await import('./backtest.js');
    const ctx = await openContext();
    try {
      console.log((await runBacktestCommand(ctx, opts)).text);
    } finally {
      await ctx.database.close();
    }
  });

program
  .command('import')
  .description('import companies, contacts, products, orders or activities from CSV, XLSX or 1C CommerceML XML')
  .argument('<file>', 'the file to import')
  .requiredOption('--type <type>', 'companies | contacts | products | orders | activities')
  .option('--dry-run', 'validate everything and write the report, but change nothing')
  .option('--mapping <file.json>', 'column mapping: {"columns": {"inn": "ИНН клиента"}, "encoding": "windows-1251", "delimiter": ";"}')
  .action(async (file: string, opts: { type: string; dryRun?: boolean; mapping?: string }) => {
    const { runImport } = await import('./import.js');
    const ctx = await openContext();
    try {
      const job = await runImport(ctx, { file, type: opts.type, dryRun: opts.dryRun, mapping: opts.mapping });
      if (job.status === 'failed') process.exitCode = 2;
    } finally {
      await ctx.database.close();
    }
  });

program
  .command('export')
  .description('export companies, contacts, products, orders or activities to CSV or XLSX (columns the importer reads back)')
  .argument('<entity>', 'companies | contacts | products | orders | activities')
  .addOption(new Option('--format <format>').choices(['csv', 'xlsx']).default('csv'))
  .addOption(new Option('--lang <lang>', 'headers and number format').choices(['ru', 'en']).default('ru'))
  .option('--out <file>', 'where to write (default: <entity>.<format>)')
  .action(async (entity: string, opts: { format: 'csv' | 'xlsx'; lang: 'ru' | 'en'; out?: string }) => {
    const { runExport } = await import('./import.js');
    const ctx = await openContext();
    try {
      console.log(`Wrote ${await runExport(ctx, { entity, ...opts })}`);
    } finally {
      await ctx.database.close();
    }
  });

program.parseAsync().catch((err: unknown) => {
  // Validation and domain errors already read as sentences; anything else is shown as-is.
  console.error(`holdfast: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
