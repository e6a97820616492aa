import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LearningEvent } from '../events/learning-event.js';
import {
  applyEventToAnalytics,
  emptyLearnerAnalyticsState,
  PRACTICE_WINDOW,
  summariseLearnerAnalytics,
  WINDOW_ATTEMPTS,
} from './learner-analytics.js';

const base = { studentId: 's', courseId: 'c' };
const answer = (i: number, at: string): LearningEvent => ({
  ...base,
  id: `e${i}`,
  type: 'item_attempted',
  timestamp: at,
  itemId: 'item',
  response: 'x',
  correct: true,
  durationMs: 1000,
  hintsUsed: 0,
  attempt: 1,
});
const video = (at: string): LearningEvent => ({
  ...base,
  id: 'v',
  type: 'video_completed',
  timestamp: at,
  contentId: 'video',
  positionSeconds: 60,
  durationSeconds: 60,
});

describe('learner analytics', () => {
  test('keeps a trajectory point only when mastery moves by 0.02 or the day changes', () => {
    const state = emptyLearnerAnalyticsState();
    const values = [0.3, 0.31, 0.315, 0.33, 0.335];
    const points = values.flatMap(
      (after, i) =>
        applyEventToAnalytics(state, {
          event: answer(i, `2026-11-01T10:0${i}:00Z`),
          mastery: [{ objectiveId: 'o', before: i === 0 ? 0.2 : (values[i - 1] as number), after }],
          contentObjectives: [],
          threshold: 0.95,
        }).points,
    );
    assert.deepEqual(
      points.map((p) => p.pMastery),
      [0.2, 0.3, 0.33],
    );
    const nextDay = applyEventToAnalytics(state, {
      event: answer(9, '2026-11-02T08:00:00Z'),
      mastery: [{ objectiveId: 'o', before: 0.335, after: 0.336 }],
      contentObjectives: [],
      threshold: 0.95,
    });
    assert.deepEqual(
      nextDay.points.map((p) => p.pMastery),
      [0.336],
    );
  });

  test('a content window follows the next five answers on the objective after first use', () => {
    const state = emptyLearnerAnalyticsState();
    const opened = applyEventToAnalytics(state, {
      event: video('2026-11-01T09:00:00Z'),
      mastery: [],
      contentObjectives: ['o'],
      threshold: 0.95,
    });
    assert.deepEqual(
      opened.windows.map((w) => [w.key, w.answers]),
      [['video', 0]],
    );
    let last;
    for (let i = 0; i < WINDOW_ATTEMPTS + 2; i++) {
      last = applyEventToAnalytics(state, {
        event: answer(i, `2026-11-01T10:0${i}:00Z`),
        mastery: [{ objectiveId: 'o', before: 0.2 + i * 0.1, after: 0.3 + i * 0.1 }],
        contentObjectives: [],
        threshold: 0.95,
      });
      if (i === WINDOW_ATTEMPTS - 1) {
        const w = last.windows.find((x) => x.key === 'video');
        assert.equal(w?.answers, WINDOW_ATTEMPTS);
        assert.equal(w?.pStart, 0.2);
        assert.ok(Math.abs((w?.pEnd ?? 0) - 0.7) < 1e-9);
      }
    }
    assert.deepEqual(last?.windows, [], 'closed after five answers');
    assert.ok(!state.opened.includes(`${PRACTICE_WINDOW}/o`), 'no baseline after a content use');
  });

  test('a first answer without content use opens the practice baseline window', () => {
    const state = emptyLearnerAnalyticsState();
    const out = applyEventToAnalytics(state, {
      event: answer(0, '2026-11-01T10:00:00Z'),
      mastery: [{ objectiveId: 'o', before: 0.2, after: 0.35 }],
      contentObjectives: [],
      threshold: 0.95,
    });
    assert.deepEqual(
      out.windows.map((w) => [w.key, w.answers, w.pStart, w.pEnd]),
      [
        [PRACTICE_WINDOW, 0, null, null],
        [PRACTICE_WINDOW, 1, 0.2, 0.35],
      ],
    );
  });

  test('the summary counts days, videos and the falling steps of the last answers', () => {
    const state = emptyLearnerAnalyticsState();
    applyEventToAnalytics(state, {
      event: video('2026-11-01T09:00:00Z'),
      mastery: [],
      contentObjectives: [],
      threshold: 0.95,
    });
    const values = [0.8, 0.7, 0.6, 0.5, 0.45];
    values.forEach((after, i) =>
      applyEventToAnalytics(state, {
        event: answer(i, `2026-11-01T10:0${i}:00Z`),
        mastery: [{ objectiveId: 'o', before: i === 0 ? 0.9 : (values[i - 1] as number), after }],
        contentObjectives: [],
        threshold: 0.95,
      }),
    );
    const s = summariseLearnerAnalytics(state);
    assert.deepEqual(s.days, [['2026-11-01', 6, 5]]);
    assert.equal(s.videosStarted, 1);
    assert.equal(s.videosCompleted, 1);
    assert.equal(s.lastActiveAt, '2026-11-01T10:04:00Z');
    assert.deepEqual(s.objectives.o, [0.45, 5, 0, 0.45, 5]);
  });
});
