import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeAuc, computeEce, computeMetrics } from './metrics.js';

test('AUC counts a tied positive-negative pair as half a pair: 3.5 of 4 pairs', () => {
  const p = Float64Array.from([0.8, 0.5, 0.5, 0.3]);
  const y = Uint8Array.from([1, 1, 0, 0]);
  // Positives 0.8, 0.5; negatives 0.5, 0.3: 1 + 1 + 0.5 + 1 = 3.5 of 4 pairs.
  assert.equal(computeAuc(p, y), 3.5 / 4);
});

test('ECE weighs |mean prediction - rate| by bin size', () => {
  // Bin [0.2, 0.3): predictions 0.25, 0.25, outcomes 0, 1 -> |0.25 - 0.5| = 0.25, weight 2/4.
  // Bin [0.9, 1]: predictions 0.95, 0.95, outcomes 1, 1 -> |0.95 - 1| = 0.05, weight 2/4.
  const p = Float64Array.from([0.25, 0.25, 0.95, 0.95]);
  const y = Uint8Array.from([0, 1, 1, 1]);
  assert.ok(Math.abs(computeEce(p, y) - 0.15) < 1e-12);
});

test('accuracy, RMSE and log loss of a small set', () => {
  const m = computeMetrics(Float64Array.from([0.9, 0.2]), Uint8Array.from([1, 1]));
  assert.equal(m.accuracy, 0.5);
  assert.ok(Math.abs(m.rmse - Math.sqrt((0.01 + 0.64) / 2)) < 1e-12);
  assert.ok(Math.abs(m.logloss - -(Math.log(0.9) + Math.log(0.2)) / 2) < 1e-12);
});
