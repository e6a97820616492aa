/**
 * Disengagement by inactivity: no learning event from the student in a course for `days` (7)
 * days or more. No message arrives while a student is away, so this is checked by a periodic
 * sweep over the students' last activity (the learner features' `lastActivityAt`), not by the
 * bus consumer.
 *
 * Confidence = min(1, daysInactive / (2 × days)): 0.5 at the threshold, 1 at twice it.
 */
import { confidenceOf, type Detection } from './detection.js';

const DAY = 86_400_000;

export function detectInactivity(
  props: { lastActivityAt: string; now: Date },
  options: { days: number },
): Detection | null {
  const inactive = (props.now.getTime() - Date.parse(props.lastActivityAt)) / DAY;
  if (!Number.isFinite(inactive) || options.days <= 0 || inactive < options.days) {
    return null;
  }
  return {
    type: 'disengagement',
    objectiveId: null,
    itemId: null,
    evidence: {
      signal: 'inactivity',
      daysInactive: Number(inactive.toFixed(1)),
      days: options.days,
      lastActivityAt: props.lastActivityAt,
    },
    confidence: confidenceOf(inactive / (2 * options.days)),
  };
}
