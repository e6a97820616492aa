import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gainScale } from './gain-scale';

void describe('gainScale', () => {
  void test('spans the widest interval and always includes zero', () => {
    const scale = gainScale([
      { ciLow: 0.1, ciHigh: 0.3 },
      { ciLow: -0.1, ciHigh: 0.2 },
    ]);
    assert.equal(scale(-0.1), 0);
    assert.equal(scale(0.3), 1);
    assert.equal(Math.round(scale(0) * 100), 25);
    const positive = gainScale([{ ciLow: 0.2, ciHigh: 0.4 }]);
    assert.equal(positive(0), 0, 'zero stays on the scale');
  });

  void test('falls back to ±0.1 without items and clamps outliers', () => {
    const scale = gainScale([]);
    assert.equal(scale(0), 0.5);
    assert.equal(scale(5), 1);
  });
});
