/**
 * Wheel-spinning (Beck & Gong 2013, "Wheel-spinning: students who fail to master a skill", AIED):
 * a student who has practised an objective `minAttempts` (10) or more times without ever reaching
 * mastery is unlikely to master it by more of the same practice.
 *
 * Here mastery is the knowledge-tracing model's P(mastered) reaching the course's threshold.
 *
 * Confidence = n / (n + 4) × (0.4 + 0.6 × gap), where n is the number of attempts and
 * gap = (threshold − P(mastered)) / threshold, clamped to [0, 1]: more attempts and a student
 * further from mastery make it surer. At 10 attempts and P(mastered) near 0 it is about 0.71.
 */
import { confidenceOf, round4, type Detection } from './detection.js';
import type { ObjectiveTrack } from './objective-track.js';

export interface WheelSpinningOptions {
  /** Attempts without mastery that count as wheel-spinning. Default 10 (Beck & Gong). */
  minAttempts?: number;
}

export function detectWheelSpinning(
  props: { objectiveId: string; track: ObjectiveTrack; threshold: number },
  options: WheelSpinningOptions = {},
): Detection | null {
  const minAttempts = options.minAttempts ?? 10;
  const { track, threshold } = props;
  if (track.reachedMastery || track.attempts < minAttempts) {
    return null;
  }
  const mastery = track.history.at(-1) ?? 0;
  const gap = Math.min(1, Math.max(0, (threshold - mastery) / threshold));
  const n = track.attempts;
  return {
    type: 'wheel_spinning',
    objectiveId: props.objectiveId,
    itemId: null,
    evidence: { attempts: n, minAttempts, mastery: round4(mastery), threshold },
    confidence: confidenceOf((n / (n + 4)) * (0.4 + 0.6 * gap)),
  };
}
