import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LearningEvent } from '../events/learning-event.js';
import {
  applyEventToFeatures,
  emptyLearnerFeatureState,
  summariseLearnerFeatures,
} from './learner-features.js';

const base = { studentId: 's', courseId: 'c' };
let n = 0;
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
const attempt = (day: number, correct: boolean, durationMs = 20_000): LearningEvent => ({
  ...base,
  id: `e${++n}`,
  type: 'item_attempted',
  timestamp: at(day),
  itemId: 'i',
  response: 'x',
  correct,
  durationMs,
  hintsUsed: 0,
  attempt: 1,
});
const types: Record<string, 'video' | 'reading'> = { v1: 'video', v2: 'video', r1: 'reading' };

function run(events: LearningEvent[], nowDay: number) {
  const state = emptyLearnerFeatureState();
  for (const e of events) {
    applyEventToFeatures(state, e, (id) => types[id]);
  }
  return summariseLearnerFeatures(state, new Date(at(nowDay, 23)));
}

test('counts answers, accuracy over all and over the last 10, and time on task over 7 days', () => {
  const events = [
    ...Array.from({ length: 6 }, () => attempt(1, false, 60_000)),
    ...Array.from({ length: 10 }, (_, i) => attempt(20, i < 8, 10_000)),
  ];
  const f = run(events, 24);
  assert.equal(f.attempts, 16);
  assert.equal(f.accuracy, 0.5);
  assert.equal(f.recentAccuracy, 0.8);
  assert.equal(f.avgTimeOnTaskMs7d, 10_000, 'the day-1 answers are older than 7 days');
});

test('video completion counts distinct videos; preference follows what is completed', () => {
  const v = (id: string, type: 'video_started' | 'video_completed'): LearningEvent => ({
    ...base,
    id: `e${++n}`,
    type,
    timestamp: at(20),
    contentId: id,
    positionSeconds: 0,
    durationSeconds: 120,
  });
  const f = run(
    [
      v('v1', 'video_started'),
      v('v1', 'video_completed'),
      v('v1', 'video_completed'),
      v('v2', 'video_started'),
      {
        ...base,
        id: `e${++n}`,
        type: 'content_viewed',
        timestamp: at(20),
        contentId: 'r1',
        durationMs: 5_000,
      },
    ],
    21,
  );
  assert.equal(f.videoCompletionRate, 0.5);
  assert.deepEqual(f.contentTypePreference, { video: 1 }, 'a 5-second glance is not a completion');
});

test('engagement trend is negative when activity falls against the previous week', () => {
  const busyThenQuiet = [
    ...Array.from({ length: 10 }, () => attempt(10, true, 120_000)),
    attempt(20, true, 60_000),
  ];
  assert.ok(run(busyThenQuiet, 22).engagementTrend < -0.9);
  const growing = [
    attempt(10, true, 60_000),
    ...Array.from({ length: 10 }, () => attempt(20, true, 120_000)),
  ];
  assert.ok(run(growing, 22).engagementTrend > 0.9);
});

test('sessions per week average the last 28 days; forum posts count lifetime and last 7 days', () => {
  const session = (day: number): LearningEvent => ({
    ...base,
    id: `e${++n}`,
    type: 'session_started',
    timestamp: at(day),
  });
  const post = (day: number): LearningEvent => ({
    ...base,
    id: `e${++n}`,
    type: 'forum_posted',
    timestamp: at(day),
    text: 'hi',
  });
  const f = run([session(1), session(8), session(15), session(22), post(2), post(21)], 24);
  assert.equal(f.sessionsPerWeek, 1);
  assert.equal(f.forumPosts, 2);
  assert.equal(f.forumPosts7d, 1);
  assert.equal(f.lastActivityAt, at(22));
});
