// Export control: a role may export at all or not, up to a hard row limit, and above an approval
// line only with a head of sales' approval. Mass exports before a resignation are a known pattern.

export type ExportPolicy = {
  allowed: boolean;
  /** Hard maximum per export; no approval lifts it. null: none. */
  rowLimit: number | null;
  /** Above this many rows an approved request is needed. null: never. */
  approvalAbove: number | null;
};

export type ExportDecision =
  | { kind: 'allowed' }
  | { kind: 'needs_approval'; approvalAbove: number }
  | { kind: 'forbidden'; reason: 'not_allowed' | 'over_limit'; message: string };

export function decideExport(policy: ExportPolicy, rowCount: number): ExportDecision {
  if (!policy.allowed) return { kind: 'forbidden', reason: 'not_allowed', message: 'Your role may not export client data' };
  if (policy.rowLimit !== null && rowCount > policy.rowLimit) {
    return {
      kind: 'forbidden',
      reason: 'over_limit',
      message: `This export has ${rowCount} rows; your role may export at most ${policy.rowLimit} rows at once, with or without approval. Narrow it down or ask management to export it`,
    };
  }
  if (policy.approvalAbove !== null && rowCount > policy.approvalAbove) return { kind: 'needs_approval', approvalAbove: policy.approvalAbove };
  return { kind: 'allowed' };
}

export type ExportMarker = { name: string; email: string; at: string; ref: string; text: string };

/** Who exported the file and when, written into the file itself: a leaked list names its source. */
export function exportMarker({ name, email, at, ref }: { name: string; email: string; at: Date; ref: string }): ExportMarker {
  const iso = at.toISOString();
  return { name, email, at: iso, ref, text: `Exported by ${name} <${email}> at ${iso} (ref ${ref})` };
}

const MARKER_PREFIX = /^#?\s*Exported by /;

/** A marker line or row our own exports write (`# Exported by ...` first, `Exported by ...` last): the importer skips them, so a file still round-trips. */
export const isExportMarkerRow = (cells: readonly string[]) =>
  cells.length > 0 && MARKER_PREFIX.test(cells[0] ?? '') && cells.slice(1).every((c) => c.trim() === '');
