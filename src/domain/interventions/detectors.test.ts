import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  emptyLearnerFeatureState,
  applyEventToFeatures,
} from '../learner-features/learner-features.js';
import { detectDecliningMastery } from './declining-mastery.js';
import { detectDisengagement } from './disengagement.js';
import { detectInactivity } from './inactivity.js';
import { detectFailureRun } from './failure-run.js';
import { detectHintAbuse, trackHint, type HintRun } from './hint-abuse.js';
import {
  emptyObjectiveTrack,
  trackObjectiveAttempt,
  type ObjectiveTrack,
} from './objective-track.js';
import {
  detectRapidGuessing,
  rapidThresholdMs,
  rememberAnswer,
  updateItemTimeNorm,
  type ItemTimeNorm,
  type TimedAnswer,
} from './rapid-guessing.js';
import { detectWheelSpinning } from './wheel-spinning.js';

const O = 'objective-1';

/** Folds hand-built attempts [correct, pCorrect, after] into a track (before = previous after). */
function track(
  attempts: readonly [boolean, number, number][],
  threshold = 0.95,
  start = 0.2,
): ObjectiveTrack {
  let t = emptyObjectiveTrack();
  let before: number | null = start;
  for (const [correct, pCorrect, after] of attempts) {
    t = trackObjectiveAttempt(t, { correct, pCorrect, before, after, threshold });
    before = after;
  }
  return t;
}
const wrong = (n: number, p = 0.3, after = 0.1): [boolean, number, number][] =>
  Array.from({ length: n }, () => [false, p, after]);

describe('wheel-spinning', () => {
  test('flags the 10th attempt without mastery, not the 9th', () => {
    assert.equal(
      detectWheelSpinning({ objectiveId: O, track: track(wrong(9)), threshold: 0.95 }),
      null,
    );
    const d = detectWheelSpinning({ objectiveId: O, track: track(wrong(10)), threshold: 0.95 });
    assert.ok(d);
    assert.equal(d.type, 'wheel_spinning');
    assert.deepEqual(d.evidence, { attempts: 10, minAttempts: 10, mastery: 0.1, threshold: 0.95 });
    // 10/14 × (0.4 + 0.6 × (0.95 − 0.1)/0.95)
    assert.equal(d.confidence, Number(((10 / 14) * (0.4 + (0.6 * 0.85) / 0.95)).toFixed(4)));
  });

  test('never flags a student who reached mastery once, even after many more attempts', () => {
    const t = track([...wrong(3), [true, 0.5, 0.96], ...wrong(10, 0.6, 0.5)]);
    assert.equal(t.attempts, 14);
    assert.equal(detectWheelSpinning({ objectiveId: O, track: t, threshold: 0.95 }), null);
  });

  test('is surer with more attempts and further from mastery', () => {
    const near = detectWheelSpinning({
      objectiveId: O,
      track: track(wrong(10, 0.5, 0.8)),
      threshold: 0.95,
    });
    const far = detectWheelSpinning({
      objectiveId: O,
      track: track(wrong(10, 0.5, 0.05)),
      threshold: 0.95,
    });
    const longer = detectWheelSpinning({
      objectiveId: O,
      track: track(wrong(20, 0.5, 0.05)),
      threshold: 0.95,
    });
    assert.ok(near && far && longer);
    assert.ok(near.confidence < far.confidence && far.confidence < longer.confidence);
  });
});

describe('failure run below expectation', () => {
  test('flags wrong answers the model thought unlikely, once P(run) is at most 0.05', () => {
    // P(correct) 0.6 each: P(2 wrong) = 0.16, P(3 wrong) = 0.064, P(4 wrong) = 0.0256.
    assert.equal(
      detectFailureRun({ objectiveId: O, itemId: 'i', track: track(wrong(3, 0.6)) }),
      null,
    );
    const d = detectFailureRun({ objectiveId: O, itemId: 'i', track: track(wrong(4, 0.6)) });
    assert.ok(d);
    assert.equal(d.evidence.wrongInARow, 4);
    assert.equal(d.evidence.expectedCorrect, 2.4);
    assert.equal(d.evidence.probabilityOfRun, 0.0256);
    assert.equal(d.confidence, Number((1 - (0.5 * 0.0256) / 0.05).toFixed(4)));
  });

  test('does not flag a weak student failing as predicted, nor a run broken by a right answer', () => {
    // P(correct) 0.2: six wrong answers have probability 0.26, quite expected.
    assert.equal(
      detectFailureRun({ objectiveId: O, itemId: 'i', track: track(wrong(6, 0.2)) }),
      null,
    );
    const broken = track([...wrong(3, 0.9), [true, 0.9, 0.5], ...wrong(2, 0.9)]);
    assert.equal(broken.failRun.length, 2);
    assert.equal(detectFailureRun({ objectiveId: O, itemId: 'i', track: broken }), null);
  });

  test('needs three wrong answers even when two were very unlikely', () => {
    assert.equal(
      detectFailureRun({ objectiveId: O, itemId: 'i', track: track(wrong(2, 0.99)) }),
      null,
    );
    assert.ok(detectFailureRun({ objectiveId: O, itemId: 'i', track: track(wrong(3, 0.99)) }));
  });
});

describe('declining mastery', () => {
  const steps = (values: number[]): [boolean, number, number][] =>
    values.map((v) => [false, 0.5, v]);

  test('flags a fall of 0.15 or more over 5 attempts with at least 4 falling steps', () => {
    const d = detectDecliningMastery({
      objectiveId: O,
      track: track(steps([0.8, 0.75, 0.7, 0.72, 0.65, 0.6]), 0.95, 0.5),
    });
    assert.ok(d);
    assert.equal(d.evidence.masteryFrom, 0.8);
    assert.equal(d.evidence.masteryTo, 0.6);
    assert.equal(d.evidence.fallingSteps, 4);
    // min(1, 0.2 / 0.3) × 4/5
    assert.equal(d.confidence, Number(((0.2 / 0.3) * 0.8).toFixed(4)));
  });

  test('ignores a small fall, a noisy one, and fewer than 5 attempts', () => {
    const at = (v: number[]) =>
      detectDecliningMastery({ objectiveId: O, track: track(steps(v), 0.95, 0.5) });
    assert.equal(at([0.8, 0.78, 0.76, 0.74, 0.72, 0.7]), null, 'fall 0.10');
    assert.equal(at([0.8, 0.6, 0.7, 0.5, 0.6, 0.5]), null, 'only 3 falling steps');
    assert.equal(at([0.9, 0.7, 0.5, 0.3]), null, 'only 3 attempts');
  });
});

describe('rapid guessing', () => {
  const norm = (ms: number[]): ItemTimeNorm | null =>
    ms.reduce<ItemTimeNorm | null>((n, v) => updateItemTimeNorm(n, v), null);

  test('the threshold is 10% of the typical time once the norm has 5 responses, capped at 10 s', () => {
    assert.equal(rapidThresholdMs(norm([20_000, 20_000, 20_000, 20_000])), 1000, 'floor until 5');
    assert.equal(
      Math.round(rapidThresholdMs(norm([20_000, 20_000, 20_000, 20_000, 20_000]))),
      2000,
    );
    // geometric mean of 10 s and 40 s is 20 s
    assert.equal(
      Math.round(rapidThresholdMs(norm([10_000, 40_000, 10_000, 40_000, 20_000]))),
      2000,
    );
    assert.equal(rapidThresholdMs(norm([500_000, 500_000, 500_000, 500_000, 500_000])), 10_000);
    assert.equal(
      rapidThresholdMs(norm([3000, 3000, 3000, 3000, 3000])),
      1000,
      'never below the floor',
    );
  });

  const answers = (ms: number[], thresholdMs = 2000): TimedAnswer[] =>
    ms.reduce<TimedAnswer[]>(
      (w, d, i) => rememberAnswer(w, { itemId: `i${i}`, durationMs: d, thresholdMs }),
      [],
    );

  test('flags 3 rapid answers among the last 5, not 2', () => {
    assert.equal(detectRapidGuessing(answers([500, 9000, 600, 9000, 9000])), null);
    const d = detectRapidGuessing(answers([500, 9000, 600, 9000, 1000]));
    assert.ok(d);
    assert.equal(d.itemId, 'i4');
    assert.equal(d.evidence.rapidAnswers, 3);
    // (3/5) × (1 − 0.5 × mean(0.25, 0.3, 0.5))
    assert.equal(d.confidence, Number((0.6 * (1 - 0.5 * (1.05 / 3))).toFixed(4)));
  });

  test('only the last 5 answers count, and an answer at the threshold is not rapid', () => {
    assert.equal(detectRapidGuessing(answers([100, 100, 100, 9000, 9000, 9000])), null);
    assert.equal(detectRapidGuessing(answers([2000, 2000, 2000, 2000, 2000])), null);
    const all = detectRapidGuessing(answers([200, 200, 200, 200, 200]));
    assert.ok(all && all.confidence >= 0.9);
  });
});

describe('hint abuse', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, s)).toISOString();
  const run = (item: string, seconds: number[], start: HintRun | null = null) =>
    seconds.reduce<HintRun | null>((r, s) => trackHint(r, { itemId: item, at: at(s) }), start);

  test('flags three hints on one item asked for within 5 s of each other', () => {
    const d = detectHintAbuse(run('x', [0, 2, 4]));
    assert.ok(d);
    assert.deepEqual(d.evidence, {
      hintsWithoutAnswer: 3,
      quickGaps: 2,
      quickShare: 1,
      quickMs: 5000,
    });
    assert.equal(d.confidence, 0.6);
  });

  test('does not flag hints read slowly, two hints, or hints spread over items', () => {
    assert.equal(detectHintAbuse(run('x', [0, 20, 40])), null);
    assert.equal(detectHintAbuse(run('x', [0, 1])), null);
    assert.equal(detectHintAbuse(run('y', [2, 3], run('x', [0, 1]))), null);
    // A gap of exactly 5 s is not quick: 1 of 2 gaps is below the 2/3 share.
    assert.equal(detectHintAbuse(run('x', [0, 5, 6])), null);
  });
});

describe('inactivity', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  test('flags 7 days without activity, not 6.9', () => {
    assert.equal(
      detectInactivity({ lastActivityAt: '2026-11-13T14:24:00Z', now }, { days: 7 }),
      null,
    );
    const d = detectInactivity({ lastActivityAt: '2026-11-13T12:00:00Z', now }, { days: 7 });
    assert.ok(d);
    assert.deepEqual(d.evidence, {
      signal: 'inactivity',
      daysInactive: 7,
      days: 7,
      lastActivityAt: '2026-11-13T12:00:00Z',
    });
    assert.equal(d.confidence, 0.5);
  });

  test('is sure at twice the threshold, and off when days is 0', () => {
    const d = detectInactivity({ lastActivityAt: '2026-10-01T00:00:00Z', now }, { days: 7 });
    assert.equal(d?.confidence, 1);
    assert.equal(
      detectInactivity({ lastActivityAt: '2026-10-01T00:00:00Z', now }, { days: 0 }),
      null,
    );
  });
});

describe('disengagement', () => {
  const features = (days: [string, number][]) => {
    const s = emptyLearnerFeatureState();
    days.forEach(([day, minutes], i) =>
      applyEventToFeatures(
        s,
        {
          type: 'content_viewed',
          id: `e${i}`,
          studentId: 's',
          courseId: 'c',
          timestamp: `${day}T12:00:00Z`,
          contentId: 'x',
          durationMs: minutes * 60_000,
        },
        () => 'reading',
      ),
    );
    return s;
  };
  const now = new Date('2026-11-20T18:00:00Z');

  test("flags a fall of 60% or more against the student's previous week", () => {
    const d = detectDisengagement({
      features: features([
        ['2026-11-10', 100],
        ['2026-11-19', 20],
      ]),
      now,
    });
    assert.ok(d);
    assert.equal(d.evidence.activeMinutesPrevious7Days, 100);
    assert.equal(d.evidence.activeMinutesLast7Days, 20);
    assert.equal(d.confidence, Number((0.8 * (100 / 130)).toFixed(4)));
  });

  test('does not flag a steady student, a small fall, or a thin baseline', () => {
    const f = (prev: number, last: number) =>
      detectDisengagement({
        features: features([
          ['2026-11-10', prev],
          ['2026-11-19', last],
        ]),
        now,
      });
    assert.equal(f(100, 100), null);
    assert.equal(f(100, 41), null, 'a 59% fall');
    assert.ok(f(100, 40), 'a 60% fall');
    assert.equal(f(20, 0), null, 'baseline below 30 minutes');
    assert.equal(detectDisengagement({ features: null, now }), null);
  });
});
