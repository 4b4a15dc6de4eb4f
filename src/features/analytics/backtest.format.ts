import type { BacktestReport } from './analytics.schema.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);

/** The backtest as a few lines of text for the terminal (`holdfast backtest`). */
export function formatBacktest(r: BacktestReport): string {
  const lines = [
    `Churn warning backtest as of ${r.asOf}: flagged with score >= ${r.flagScore} (or lapsed/fading), stopped = no order until ${r.horizonEnd} (${r.horizonMonths} months)`,
    `  active clients ${r.activeClients}, flagged ${r.flagged}, stopped ordering ${r.churned} (base rate ${pct(r.baseRate)})`,
    `  flagged and stopped ${r.truePositives}, flagged but kept ordering ${r.falsePositives}, stopped unflagged ${r.falseNegatives}, neither ${r.trueNegatives}`,
    `  precision ${pct(r.precision)}, recall ${pct(r.recall)}, F1 ${pct(r.f1)}`,
    `  by pattern: ${r.byPattern.map((p) => `${p.pattern} ${p.flagged} flagged / ${p.churned} stopped of ${p.clients}`).join('; ')}`,
  ];
  if (r.examples.length > 0) {
    lines.push('  highest scores at that date:');
    for (const e of r.examples.slice(0, 10)) {
      lines.push(`    ${String(e.score).padStart(3)} ${e.pattern.padEnd(7)} ${e.churned ? 'stopped ' : 'ordering'} ${e.companyName} (#${e.companyId})${e.reasons[0] ? `: ${e.reasons[0]}` : ''}`);
    }
  }
  return lines.join('\n');
}
