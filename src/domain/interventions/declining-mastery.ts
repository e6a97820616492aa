/**
 * A declining mastery trend: over the last `window` (5) attempts on an objective, P(mastered)
 * fell by at least `minDrop` (0.15) in total, and at least `minFallingSteps` (4) of the window's
 * steps went down. A student whose estimate keeps falling is forgetting or confused, even when
 * the answers are not all wrong.
 *
 * Confidence = min(1, drop / (2 × minDrop)) × (falling steps / window).
 */
import { confidenceOf, round4, type Detection } from './detection.js';
import type { ObjectiveTrack } from './objective-track.js';

export interface DecliningMasteryOptions {
  /** Attempts looked at. Default 5. */
  window?: number;
  /** Smallest total fall in P(mastered) over the window. Default 0.15. */
  minDrop?: number;
  /** Fewest falling steps in the window. Default 4. */
  minFallingSteps?: number;
}

export function detectDecliningMastery(
  props: { objectiveId: string; track: ObjectiveTrack },
  options: DecliningMasteryOptions = {},
): Detection | null {
  const window = options.window ?? 5;
  const minDrop = options.minDrop ?? 0.15;
  const minFalling = options.minFallingSteps ?? 4;
  const values = props.track.history.slice(-(window + 1));
  if (values.length < window + 1) {
    return null;
  }
  let falling = 0;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as number) < (values[i - 1] as number)) {
      falling++;
    }
  }
  const from = values[0] as number;
  const to = values.at(-1) as number;
  const drop = from - to;
  if (drop < minDrop || falling < minFalling) {
    return null;
  }
  return {
    type: 'declining_mastery',
    objectiveId: props.objectiveId,
    itemId: null,
    evidence: {
      window,
      masteryFrom: round4(from),
      masteryTo: round4(to),
      drop: round4(drop),
      fallingSteps: falling,
      minDrop,
    },
    confidence: confidenceOf(Math.min(1, drop / (2 * minDrop)) * (falling / window)),
  };
}
