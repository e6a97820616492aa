/**
 * The colour scale of the class heatmap: P(mastered) in five equal bands on a colour-blind-safe
 * sequential palette (ColorBrewer YlGnBu, its 4th step darkened for white text; light = little
 * mastery, dark = much), plus a hatched "no evidence" cell. Colour is never the only cue: every cell also shows its percentage.
 */

export interface MasteryBand {
  /** 0..4, or 'none' for a cell without evidence. */
  id: number | 'none';
  /** CSS class of the cell (`mastery-0` .. `mastery-4`, `mastery-none`). */
  className: string;
  /** The legend text, e.g. "40–59%". */
  label: string;
  /** Fill colour, also used by the legend swatch. */
  colour: string;
  /** Text colour on that fill, chosen for a contrast of at least 4.5:1. */
  textColour: string;
}

const DARK_TEXT = '#0f172a';
const LIGHT_TEXT = '#ffffff';

/** The five bands, lowest first. */
export const MASTERY_BANDS: readonly MasteryBand[] = [
  { id: 0, className: 'mastery-0', label: '0–19%', colour: '#ffffcc', textColour: DARK_TEXT },
  { id: 1, className: 'mastery-1', label: '20–39%', colour: '#a1dab4', textColour: DARK_TEXT },
  { id: 2, className: 'mastery-2', label: '40–59%', colour: '#41b6c4', textColour: DARK_TEXT },
  { id: 3, className: 'mastery-3', label: '60–79%', colour: '#1f6aa5', textColour: LIGHT_TEXT },
  { id: 4, className: 'mastery-4', label: '80–100%', colour: '#253494', textColour: LIGHT_TEXT },
];

export const NO_EVIDENCE_BAND: MasteryBand = {
  id: 'none',
  className: 'mastery-none',
  label: 'No evidence yet',
  colour: '#f1f5f9',
  textColour: '#475569',
};

/** The band of a probability in [0, 1] (values outside are clamped); null has no evidence. */
export function masteryBand(pMastery: number | null): MasteryBand {
  if (pMastery === null || Number.isNaN(pMastery)) {
    return NO_EVIDENCE_BAND;
  }
  const clamped = Math.min(1, Math.max(0, pMastery));
  // Work in whole percent so 0.6 lands in 60–79% despite floating point (0.6 * 5 = 2.9999…).
  const percent = Math.round(clamped * 100);
  const index = Math.min(MASTERY_BANDS.length - 1, Math.floor(percent / 20));
  return MASTERY_BANDS[index] ?? NO_EVIDENCE_BAND;
}

/** "73%" for 0.734; "–" for null. Rounds to whole percent. */
export function formatPercent(value: number | null): string {
  return value === null || Number.isNaN(value) ? '–' : `${Math.round(value * 100)}%`;
}

/** What a screen reader hears for a heatmap cell, e.g. "73% mastery" or "no evidence yet". */
export function describeMastery(pMastery: number | null): string {
  return pMastery === null ? 'no evidence yet' : `${formatPercent(pMastery)} mastery`;
}
