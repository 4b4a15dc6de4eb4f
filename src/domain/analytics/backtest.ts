export type Confusion = { truePositives: number; falsePositives: number; falseNegatives: number; trueNegatives: number };
export type Quality = { precision: number | null; recall: number | null; f1: number | null; baseRate: number | null };

// precision: of the clients we flagged, the share that did stop ordering;
// recall: of the clients that stopped, the share we had flagged. Null when nothing to divide by.
export function precisionRecall(c: Confusion): Quality {
  const flagged = c.truePositives + c.falsePositives;
  const churned = c.truePositives + c.falseNegatives;
  const all = flagged + c.falseNegatives + c.trueNegatives;
  const precision = flagged > 0 ? c.truePositives / flagged : null;
  const recall = churned > 0 ? c.truePositives / churned : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return { precision, recall, f1, baseRate: all > 0 ? churned / all : null };
}

export function confusionOf(rows: readonly { flagged: boolean; churned: boolean }[]): Confusion {
  const c: Confusion = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (const r of rows) {
    if (r.flagged && r.churned) c.truePositives++;
    else if (r.flagged) c.falsePositives++;
    else if (r.churned) c.falseNegatives++;
    else c.trueNegatives++;
  }
  return c;
}
