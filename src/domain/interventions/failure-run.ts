/**
 * A run of failures well below the model's expectation: `minRun` (3) or more consecutive wrong
 * answers on one objective whose probability under the knowledge-tracing model,
 * P(run) = Π (1 − P(correct)ᵢ) with each P(correct) predicted before its attempt, is at most
 * `alpha` (0.05). The model expected Σ P(correct)ᵢ right answers and saw none: the student is
 * doing worse than their estimated mastery says, often a misconception or a missing prerequisite.
 *
 * Confidence = 1 − 0.5 × P(run) / alpha: 0.5 at the threshold, approaching 1 as the run becomes
 * less likely.
 */
import { confidenceOf, round4, type Detection } from './detection.js';
import type { ObjectiveTrack } from './objective-track.js';

export interface FailureRunOptions {
  /** Shortest run considered. Default 3. */
  minRun?: number;
  /** Largest P(run) that counts as well below expectation. Default 0.05. */
  alpha?: number;
}

export function detectFailureRun(
  props: { objectiveId: string; itemId: string | null; track: ObjectiveTrack },
  options: FailureRunOptions = {},
): Detection | null {
  const minRun = options.minRun ?? 3;
  const alpha = options.alpha ?? 0.05;
  const run = props.track.failRun;
  if (run.length < minRun || run.pAllWrong > alpha) {
    return null;
  }
  return {
    type: 'failure_run',
    objectiveId: props.objectiveId,
    itemId: props.itemId,
    evidence: {
      wrongInARow: run.length,
      expectedCorrect: round4(run.expectedCorrect),
      probabilityOfRun: Number(run.pAllWrong.toPrecision(4)),
      alpha,
    },
    confidence: confidenceOf(1 - (0.5 * run.pAllWrong) / alpha),
  };
}
