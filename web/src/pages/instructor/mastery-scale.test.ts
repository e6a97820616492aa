import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MASTERY_BANDS,
  NO_EVIDENCE_BAND,
  describeMastery,
  formatPercent,
  masteryBand,
} from './mastery-scale';

/** WCAG relative luminance contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

void describe('masteryBand', () => {
  void test('puts band edges in the upper band, including 60% despite floating point', () => {
    assert.equal(masteryBand(0).id, 0);
    assert.equal(masteryBand(0.19).id, 0);
    assert.equal(masteryBand(0.2).id, 1);
    assert.equal(masteryBand(0.6).id, 3);
    assert.equal(masteryBand(0.794).id, 3);
    assert.equal(masteryBand(0.796).id, 4, 'shown as 80, so in the 80–100% band');
    assert.equal(masteryBand(0.8).id, 4);
    assert.equal(masteryBand(1).id, 4);
  });

  void test('clamps values outside [0, 1] and gives null its own band', () => {
    assert.equal(masteryBand(-0.5).id, 0);
    assert.equal(masteryBand(1.7).id, 4);
    assert.equal(masteryBand(null), NO_EVIDENCE_BAND);
    assert.equal(masteryBand(Number.NaN), NO_EVIDENCE_BAND);
  });

  void test('chooses text colours with at least 4.5:1 contrast on every fill', () => {
    for (const band of [...MASTERY_BANDS, NO_EVIDENCE_BAND]) {
      assert.ok(
        contrast(band.colour, band.textColour) >= 4.5,
        `${band.label}: ${contrast(band.colour, band.textColour).toFixed(2)}`,
      );
    }
  });
});

void describe('formatPercent and describeMastery', () => {
  void test('round to whole percent and name missing evidence', () => {
    assert.equal(formatPercent(0.734), '73%');
    assert.equal(formatPercent(null), '–');
    assert.equal(describeMastery(0.5), '50% mastery');
    assert.equal(describeMastery(null), 'no evidence yet');
  });
});
