import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import type { AppContext } from '../app-context.js';
import { DomainError } from '../domain/errors.js';
import { IMPORT_TYPES, type ImportType } from '../domain/import/fields.js';
import { exportEntity } from '../features/import/export/export.service.js';
import { type ImportJob, type ImportProgress, parseMappingFile } from '../features/import/import.schema.js';
import { getImport, issuesCsv, startImport } from '../features/import/import.service.js';

export type ImportCommand = { file: string; type: string; dryRun?: boolean; mapping?: string | undefined; quiet?: boolean };

function checkType(type: string): ImportType {
  if (!(IMPORT_TYPES as readonly string[]).includes(type)) throw new Error(`--type must be one of ${IMPORT_TYPES.join(', ')}`);
  return type as ImportType;
}

function readMapping(file: string | undefined) {
  if (!file) return undefined;
  try {
    return parseMappingFile(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`cannot read the mapping file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function progressBar(quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return { update: (_p: ImportProgress) => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: '{phase} |{bar}| {percentage}% | {rows} rows | {mb}/{totalMb} MB', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const mb = (n: number) => (n / 1048576).toFixed(1);
  return {
    update(p: ImportProgress) {
      const payload = { phase: p.phase === 'reading' ? 'reading ' : p.phase === 'merging' ? 'merging ' : 'done    ', rows: p.rowsRead, mb: mb(p.bytesRead), totalMb: mb(p.totalBytes) };
      if (!started) {
        bar.start(Math.max(p.totalBytes, 1), p.bytesRead, payload);
        started = true;
      } else bar.update(p.bytesRead, payload);
    },
    stop: () => started && bar.stop(),
  };
}

function summary(job: ImportJob): string {
  const lines = [
    `${job.dryRun ? 'Dry run' : 'Import'} #${job.id} of ${job.fileName} (${job.type}, ${job.format}): ${job.status}`,
    `  rows: ${job.rowsTotal} read, ${job.rowsImported} ${job.dryRun ? 'would be imported' : 'imported'}, ${job.rowsFailed} with problems`,
  ];
  for (const [entity, counts] of Object.entries(job.counts)) {
    lines.push(`  ${entity}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }
  if (job.mergeCount > 0) lines.push(`  merged into existing records: ${job.mergeCount}`);
  if (job.error) lines.push(`  error: ${job.error}`);
  return lines.join('\n');
}

/** `holdfast import FILE --type T [--dry-run] [--mapping m.json]`: runs with full access, as the system. */
export async function runImport(ctx: AppContext, command: ImportCommand): Promise<ImportJob> {
  const type = checkType(command.type);
  const bar = progressBar(Boolean(command.quiet));
  let job: ImportJob;
  try {
    const { id, done } = await startImport(ctx, null, {
      type,
      dryRun: Boolean(command.dryRun),
      settings: readMapping(command.mapping),
      filePath: path.resolve(command.file),
      onProgress: (p) => bar.update(p),
    });
    await done;
    job = await getImport(ctx, null, id);
  } catch (err) {
    if (err instanceof DomainError && err.details.length) throw new Error(err.details.map((d) => `${d.field}: ${d.message}`).join('\n'));
    throw err;
  } finally {
    bar.stop();
  }
  if (!command.quiet) console.log(summary(job));
  if (job.errorCount > 0) {
    // The bad-rows report lands next to the input file, ready to open in Excel.
    const reportPath = `${command.file.replace(/\.[^./\\]+$/, '')}.import-${job.id}-errors.csv`;
    await pipeline(await issuesCsv(ctx, null, job.id, 'error', 'ru'), fs.createWriteStream(reportPath));
    if (!command.quiet) console.log(`  ${job.errorCount} problems; report: ${reportPath}`);
  }
  return job;
}

export type ExportCommand = { entity: string; format: 'csv' | 'xlsx'; out?: string | undefined; lang: 'ru' | 'en' };

/** `holdfast export ENTITY [--format csv|xlsx] [--out FILE]`: the whole base, as the system. */
export async function runExport(ctx: AppContext, command: ExportCommand): Promise<string> {
  const entity = checkType(command.entity);
  const file = await exportEntity(ctx, null, { entity, format: command.format, lang: command.lang });
  const out = command.out ?? file.fileName;
  await pipeline(file.body, fs.createWriteStream(out));
  return out;
}
