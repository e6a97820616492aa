/**
 * What a detector reports: the kind of trouble, the numbers that triggered it and how sure it is.
 * See docs/INTERVENTIONS.md for each detector's definition and confidence formula.
 */

export const InterventionTypes = [
  'wheel_spinning',
  'failure_run',
  'rapid_guessing',
  'hint_abuse',
  'disengagement',
  'declining_mastery',
] as const;
export type InterventionType = (typeof InterventionTypes)[number];

/** Machine-readable evidence: the numbers a detector compared with its thresholds. */
export type Evidence = Record<string, number | string | boolean | null>;

export interface Detection {
  type: InterventionType;
  /** The objective it is about; null for student-wide detections (disengagement, rapid guessing). */
  objectiveId: string | null;
  /** The item it is about, when there is one (the last item attempted or hinted). */
  itemId: string | null;
  evidence: Evidence;
  /** How sure the detector is, in [0, 1], computed from the evidence by a documented formula. */
  confidence: number;
}

/** Clamps to [0, 1] and rounds to 4 decimals, so stored confidences are stable. */
export function confidenceOf(value: number): number {
  const v = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  return Number(v.toFixed(4));
}

export const round4 = (v: number) => Number(v.toFixed(4));
