import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, randomNormal } from '../random.js';
import { fitSparseLogistic, SparseDesignBuilder } from './sparse-logistic-regression.js';

test('recovers the generating weights of a sparse logistic model', () => {
  // Arrange: a bias, three dense features and 20 one-hot "items" with known weights.
  const rng = createRng(11);
  const dense = [-0.5, 1.0, -2.0, 0.75];
  const items = Array.from({ length: 20 }, (_, i) => (i - 10) / 5);
  const builder = new SparseDesignBuilder();
  for (let r = 0; r < 60_000; r++) {
    let z = dense[0] as number;
    builder.add(0, 1);
    for (let j = 1; j < 4; j++) {
      const x = randomNormal(rng);
      z += (dense[j] as number) * x;
      builder.add(j, x);
    }
    const item = Math.floor(rng() * items.length);
    z += items[item] as number;
    builder.add(4 + item, 1);
    builder.endRow(rng() < 1 / (1 + Math.exp(-z)));
  }
  const design = builder.build(4 + items.length);
  // Item weights are identified only up to the bias: penalise them lightly, leave the bias free.
  const l2 = new Float64Array(design.columns).fill(1e-3);
  l2[0] = 0;

  // Act
  const { weights } = fitSparseLogistic({ design, l2, tolerance: 1e-10 });

  // Assert: dense weights directly, item weights after removing the shared offset.
  for (let j = 1; j < 4; j++) {
    assert.ok(Math.abs((weights[j] as number) - (dense[j] as number)) < 0.06, `weight ${j}`);
  }
  const offset = (weights[0] as number) - (dense[0] as number);
  for (let i = 0; i < items.length; i++) {
    const recovered = (weights[4 + i] as number) + offset;
    assert.ok(Math.abs(recovered - (items[i] as number)) < 0.15, `item ${i}: ${recovered}`);
  }
});
