// The configurable drafting rules and the message templates a handover starts from.
export type HandoverRules = {
  /** A clients go only to successors employed at least this long. */
  minTenureMonths: number;
  /** Successors' handed-over client count and revenue should be within this percent of each other. */
  loadTolerancePct: number;
  /** Activities this recent make an employee "someone who knows the client". */
  recentInteractionDays: number;
};

export const DEFAULT_RULES: HandoverRules = { minTenureMonths: 6, loadTolerancePct: 15, recentInteractionDays: 90 };

export const TEMPLATE_PLACEHOLDERS = ['client', 'departing', 'successor', 'offer'] as const;

/** Placeholders a template uses that we cannot fill, e.g. `{clinet}`; empty when the template is usable. */
export function unknownPlaceholders(template: string): string[] {
  const known: readonly string[] = TEMPLATE_PLACEHOLDERS;
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((name) => !known.includes(name));
}

/** Fills {client}, {departing}, {successor} and {offer}; the SQL that drafts messages does the same with replace(). */
export function renderTemplate(template: string, values: Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>): string {
  return template.replace(/\{(client|departing|successor|offer)\}/g, (_, name: keyof typeof values) => values[name]);
}

/** Whole months from `hiredOn` to `asOf` ('YYYY-MM-DD'): a month counts once its day is reached. */
export function tenureMonths(hiredOn: string, asOf: string): number {
  const [hy, hm, hd] = hiredOn.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  const months = (ay - hy) * 12 + (am - hm) - (ad < hd ? 1 : 0);
  return Math.max(0, months);
}
