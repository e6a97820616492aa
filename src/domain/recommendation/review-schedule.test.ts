import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reviewDue } from './review-schedule.js';

const DAY = 86_400_000;

test('reviews fall due after FSRS intervals that grow with successful reviews', () => {
  const at = Date.UTC(2026, 0, 1);
  const intervals = [
    { attempts: 3, correct: 2 },
    { attempts: 4, correct: 3 },
    { attempts: 5, correct: 4 },
    { attempts: 6, correct: 6 },
  ].map((r) => reviewDue({ ...r, updatedAt: at }));
  for (const due of intervals) {
    assert.equal(due.dueAt, at + due.intervalDays * DAY);
    assert.ok(due.intervalDays >= 1, 'a mastered objective skips the short learning steps');
  }
  for (let i = 1; i < intervals.length; i++) {
    assert.ok(
      (intervals[i] as { intervalDays: number }).intervalDays >
        (intervals[i - 1] as { intervalDays: number }).intervalDays,
    );
  }
  // Mostly wrong answers count as one review, never fewer.
  assert.deepEqual(
    reviewDue({ attempts: 10, correct: 1, updatedAt: at }),
    reviewDue({ attempts: 1, correct: 1, updatedAt: at }),
  );
});
