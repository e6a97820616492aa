import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../random.js';
import { replayPredictions } from './inner-validation.js';
import type { SerializedModel } from './knowledge-tracing-model.js';
import { createTrainer } from './kt-models.js';
import { computeAuc, computeLogLoss } from './metrics.js';
import { fitCombiner, STACKED_FORMAT, StackedTrainer } from './stacked.js';
import { generateBktAttempts } from './synthetic-attempts.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Gaussian by Box-Muller from a seeded uniform source. */
function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

describe('stacked combiner', () => {
  test('recovers the weights of a logistic model of its inputs', () => {
    const rng = createRng(3);
    const truth = [-0.4, 1.2, 0.5, -0.8];
    const n = 40_000;
    const x = new Float64Array(3 * n);
    const y = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      let z = truth[0] as number;
      for (let j = 0; j < 3; j++) {
        const v = gaussian(rng);
        x[3 * r + j] = v;
        z += (truth[j + 1] as number) * v;
      }
      y[r] = rng() < sigmoid(z) ? 1 : 0;
    }
    const w = fitCombiner(x, y);
    truth.forEach((t, j) => assert.ok(Math.abs((w[j] as number) - t) < 0.05, `w${j} ${w[j]}`));
  });

  test('beats each of three complementary predictors, each seeing a different part of the truth', () => {
    const rng = createRng(4);
    const make = (n: number) => {
      const parts = new Float64Array(3 * n);
      const y = new Uint8Array(n);
      for (let r = 0; r < n; r++) {
        let z = 0;
        for (let j = 0; j < 3; j++) {
          const v = gaussian(rng);
          parts[3 * r + j] = v;
          z += v;
        }
        y[r] = rng() < sigmoid(z) ? 1 : 0;
      }
      return { parts, y };
    };
    const train = make(20_000);
    const test_ = make(20_000);
    const w = fitCombiner(train.parts, train.y);
    const combined = new Float64Array(test_.y.length);
    for (let r = 0; r < combined.length; r++) {
      let z = w[0] as number;
      for (let j = 0; j < 3; j++) {
        z += (w[j + 1] as number) * (test_.parts[3 * r + j] as number);
      }
      combined[r] = sigmoid(z);
    }
    const aucOf = (p: Float64Array) => computeAuc(p, test_.y);
    for (let j = 0; j < 3; j++) {
      const single = Float64Array.from(test_.y, (_, r) =>
        sigmoid(test_.parts[3 * r + j] as number),
      );
      assert.ok(aucOf(combined) > aucOf(single) + 0.05, `input ${j}`);
    }
  });
});

describe('stacked model', () => {
  const history = generateBktAttempts({
    rng: createRng(8),
    students: 300,
    attemptsPerStudent: 40,
    objectives: 6,
    itemsPerObjective: 8,
    params: { prior: 0.3, learn: 0.15, forget: 0.05, guess: 0.2, slip: 0.1 },
    multiTagShare: 0.2,
  });
  const train = history.slice(0, 240);
  const heldOut = history.slice(240);
  const stacked = new StackedTrainer().fit(train, { rng: createRng(1) });

  test('on held-out students it predicts better than Elo and BKT and about as well as Best-LR', () => {
    const loss = (name: string) => {
      const model =
        name === 'stacked' ? stacked : createTrainer(name)?.fit(train, { rng: createRng(1) });
      assert.ok(model);
      const { p, y } = replayPredictions(model, heldOut);
      return computeLogLoss(p, y);
    };
    const own = loss('stacked');
    for (const name of ['elo', 'bkt-forget']) {
      assert.ok(own < loss(name), `${name}: ${loss(name)} vs ${own}`);
    }
    // 48 inner-validation students are few to fit the combiner on: within 0.005 of Best-LR.
    assert.ok(own < loss('best-lr') + 0.005, `best-lr: ${loss('best-lr')} vs ${own}`);
  });

  test('gives its components weight from out-of-sample predictions (the combiner was fitted)', () => {
    const [, lr] = stacked.weights;
    assert.ok((lr as number) > 0.3, `Best-LR weight ${lr}`);
    assert.notDeepEqual(stacked.weights.slice(2), [0, 0]);
  });

  test('refuses another parameter format clearly', () => {
    const serialized = JSON.parse(JSON.stringify(stacked.serialize())) as SerializedModel;
    assert.throws(
      () => new StackedTrainer().deserialize({ ...serialized, formatVersion: STACKED_FORMAT + 1 }),
      /cannot be read by this version/,
    );
    assert.throws(
      () =>
        new StackedTrainer().deserialize({
          ...serialized,
          params: { ...(serialized.params as object), weights: [1, 2] },
        }),
      /not a serialized stacked model/,
    );
  });
});
