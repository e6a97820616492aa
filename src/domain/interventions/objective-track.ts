/**
 * What the intervention agent remembers about one student on one objective, updated once per
 * answered item tagged with the objective. The objective-level detectors (wheel-spinning, failure
 * run, declining mastery) read it.
 */

/** Mastery values kept: the value before the window's first attempt plus one per attempt. */
export const MASTERY_HISTORY = 11;

export interface ObjectiveTrack {
  /** Answered items on the objective so far. */
  attempts: number;
  /** Whether P(mastered) has ever reached the course's mastery threshold. */
  reachedMastery: boolean;
  /** P(mastered) before the oldest kept attempt, then after each attempt; oldest first. */
  history: number[];
  /** The current run of consecutive wrong answers. */
  failRun: {
    length: number;
    /** Σ predicted P(correct) over the run: how many the model expected right. */
    expectedCorrect: number;
    /** Π (1 − predicted P(correct)): the model's probability of the whole run of failures. */
    pAllWrong: number;
  };
}

export function emptyObjectiveTrack(): ObjectiveTrack {
  return {
    attempts: 0,
    reachedMastery: false,
    history: [],
    failRun: { length: 0, expectedCorrect: 0, pAllWrong: 1 },
  };
}

/** One answered item as an objective track sees it. */
export interface ObjectiveAttempt {
  correct: boolean;
  /** P(mastered) before the attempt (null: never practised, the model's prior applies). */
  before: number | null;
  /** P(mastered) after the attempt, in [0, 1]. */
  after: number;
  /** The model's P(correct) for this attempt, computed before it was answered, in (0, 1). */
  pCorrect: number;
  /** The course's mastery threshold, in (0, 1). */
  threshold: number;
}

/** Returns the track after one more attempt (the input is not changed). */
export function trackObjectiveAttempt(track: ObjectiveTrack, a: ObjectiveAttempt): ObjectiveTrack {
  const history = [...track.history];
  if (history.length === 0 && a.before !== null) {
    history.push(a.before);
  }
  history.push(a.after);
  while (history.length > MASTERY_HISTORY) {
    history.shift();
  }
  const p = Math.min(1, Math.max(0, a.pCorrect));
  return {
    attempts: track.attempts + 1,
    reachedMastery: track.reachedMastery || a.after >= a.threshold,
    history,
    failRun: a.correct
      ? { length: 0, expectedCorrect: 0, pAllWrong: 1 }
      : {
          length: track.failRun.length + 1,
          expectedCorrect: track.failRun.expectedCorrect + p,
          pAllWrong: track.failRun.pAllWrong * (1 - p),
        },
  };
}
