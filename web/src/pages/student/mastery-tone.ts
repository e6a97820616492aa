/**
 * How a mastery estimate is shown: a tone (colour) and words, so colour is never the only cue.
 * P(mastered) is in [0, 1]; an objective is mastered at or above the course threshold.
 */
export type MasteryTone = 'none' | 'low' | 'developing' | 'mastered';

export interface MasteryLook {
  tone: MasteryTone;
  /** Short words for the map and lists, e.g. "72% · mastered". */
  text: string;
}

/** Below this P(mastered) an objective "needs practice"; from it up to the threshold, "learning". */
export const DEVELOPING_FROM = 0.5;

export function masteryLook(pMastery: number | undefined, threshold: number): MasteryLook {
  if (pMastery === undefined) {
    return { tone: 'none', text: 'Not started' };
  }
  const percent = `${Math.round(Math.min(1, Math.max(0, pMastery)) * 100)}%`;
  if (pMastery >= threshold) {
    return { tone: 'mastered', text: `${percent} · mastered` };
  }
  if (pMastery >= DEVELOPING_FROM) {
    return { tone: 'developing', text: `${percent} · learning` };
  }
  return { tone: 'low', text: `${percent} · needs practice` };
}
