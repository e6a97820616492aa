/**
 * Hint abuse (the "help abuse" of Aleven, McLaren, Roll & Koedinger 2006, "Toward meta-cognitive
 * tutoring: a model of help seeking with a Cognitive Tutor"): clicking through hints on an item
 * without trying it, each hint asked for too soon after the last to have been read.
 *
 * Flagged when the student asked for at least `minHints` (3) hints on one item with no answer to
 * it in between, and at least `minQuickShare` (2/3) of the gaps between those hints were under
 * `quickMs` (5 s). A hint run ends when the student answers the item or turns to another item.
 *
 * Confidence = (quick gaps / gaps) × hints / (hints + 2).
 */
import { confidenceOf, round4, type Detection } from './detection.js';

export interface HintRun {
  itemId: string;
  hints: number;
  /** Gaps between consecutive hints shorter than `quickMs`. */
  quickGaps: number;
  /** When the last hint was asked for (ISO-8601). */
  lastAt: string;
}

export interface HintAbuseOptions {
  /** A gap shorter than this is too quick to have read the hint, ms. Default 5000. */
  quickMs?: number;
  /** Hints in a run that can be abuse. Default 3. */
  minHints?: number;
  /** Share of quick gaps needed. Default 2/3. */
  minQuickShare?: number;
}

/** The run after a hint request (a new run when the item differs). */
export function trackHint(
  run: HintRun | null,
  hint: { itemId: string; at: string },
  options: HintAbuseOptions = {},
): HintRun {
  if (!run || run.itemId !== hint.itemId) {
    return { itemId: hint.itemId, hints: 1, quickGaps: 0, lastAt: hint.at };
  }
  const gap = Date.parse(hint.at) - Date.parse(run.lastAt);
  const quick = gap >= 0 && gap < (options.quickMs ?? 5000);
  return {
    itemId: run.itemId,
    hints: run.hints + 1,
    quickGaps: run.quickGaps + (quick ? 1 : 0),
    lastAt: hint.at > run.lastAt ? hint.at : run.lastAt,
  };
}

export function detectHintAbuse(
  run: HintRun | null,
  options: HintAbuseOptions = {},
): Detection | null {
  const minHints = options.minHints ?? 3;
  const minShare = options.minQuickShare ?? 2 / 3;
  if (!run || run.hints < minHints) {
    return null;
  }
  const gaps = run.hints - 1;
  const share = run.quickGaps / gaps;
  if (share + 1e-9 < minShare) {
    return null;
  }
  return {
    type: 'hint_abuse',
    objectiveId: null,
    itemId: run.itemId,
    evidence: {
      hintsWithoutAnswer: run.hints,
      quickGaps: run.quickGaps,
      quickShare: round4(share),
      quickMs: options.quickMs ?? 5000,
    },
    confidence: confidenceOf(share * (run.hints / (run.hints + 2))),
  };
}
