/**
 * Disengagement against the student's own baseline: active time in the last 7 days fell by at
 * least `minFall` (60%) against the 7 days before, and that earlier week was a real baseline
 * (at least `minBaselineMinutes`, 30). The activity comes from the learner features' daily
 * buckets (src/domain/learner-features), the same numbers behind `engagementTrend`.
 *
 * Confidence = fall × baseline / (baseline + 30), with fall = 1 − recent / baseline minutes.
 */
import type { LearnerFeatureState } from '../learner-features/learner-features.js';
import { confidenceOf, round4, type Detection } from './detection.js';

export interface DisengagementOptions {
  /** Smallest relative fall in weekly active minutes. Default 0.6. */
  minFall?: number;
  /** Minutes the week before must reach to be a baseline. Default 30. */
  minBaselineMinutes?: number;
}

const DAY = 86_400_000;

/** Active minutes in the 7 days up to `now` and in the 7 days before. */
export function weeklyActiveMinutes(
  features: LearnerFeatureState,
  now: Date,
): { recent: number; baseline: number } {
  const today = Math.floor(now.getTime() / DAY);
  let recent = 0;
  let baseline = 0;
  for (const d of features.days) {
    const age = today - Math.floor(Date.parse(`${d.day}T00:00:00Z`) / DAY);
    if (age >= 0 && age < 7) {
      recent += d.activeMs;
    } else if (age >= 7 && age < 14) {
      baseline += d.activeMs;
    }
  }
  return { recent: recent / 60_000, baseline: baseline / 60_000 };
}

export function detectDisengagement(
  props: { features: LearnerFeatureState | null; now: Date },
  options: DisengagementOptions = {},
): Detection | null {
  if (!props.features) {
    return null;
  }
  const minFall = options.minFall ?? 0.6;
  const minBaseline = options.minBaselineMinutes ?? 30;
  const { recent, baseline } = weeklyActiveMinutes(props.features, props.now);
  if (baseline < minBaseline) {
    return null;
  }
  const fall = 1 - recent / baseline;
  if (fall < minFall) {
    return null;
  }
  return {
    type: 'disengagement',
    objectiveId: null,
    itemId: null,
    evidence: {
      signal: 'activity_fall',
      activeMinutesLast7Days: round4(recent),
      activeMinutesPrevious7Days: round4(baseline),
      fall: round4(fall),
      minFall,
    },
    confidence: confidenceOf(fall * (baseline / (baseline + 30))),
  };
}
