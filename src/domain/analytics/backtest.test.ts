import { describe, expect, it } from 'vitest';
import { confusionOf, precisionRecall } from './backtest.js';

describe('backtest quality', () => {
  it('counts the confusion matrix and derives precision, recall, F1 and the base rate', () => {
    const rows = [
      { flagged: true, churned: true },
      { flagged: true, churned: true },
      { flagged: true, churned: false },
      { flagged: false, churned: true },
      { flagged: false, churned: false },
      { flagged: false, churned: false },
    ];
    const c = confusionOf(rows);
    expect(c).toEqual({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2 });
    const q = precisionRecall(c);
    expect(q.precision).toBeCloseTo(2 / 3, 12);
    expect(q.recall).toBeCloseTo(2 / 3, 12);
    expect(q.f1).toBeCloseTo(2 / 3, 12);
    expect(q.baseRate).toBeCloseTo(0.5, 12);
  });

  it('answers null instead of dividing by zero', () => {
    expect(precisionRecall({ truePositives: 0, falsePositives: 0, falseNegatives: 3, trueNegatives: 5 })).toEqual({
      precision: null,
      recall: 0,
      f1: null,
      baseRate: 3 / 8,
    });
    expect(precisionRecall({ truePositives: 0, falsePositives: 2, falseNegatives: 0, trueNegatives: 1 })).toMatchObject({ precision: 0, recall: null });
    expect(precisionRecall(confusionOf([]))).toEqual({ precision: null, recall: null, f1: null, baseRate: null });
  });
});
