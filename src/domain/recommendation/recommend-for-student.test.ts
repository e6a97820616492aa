import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textbookBktModel } from '../knowledge-tracing/textbook-bkt.js';
import { emptyLearnerFeatureState } from '../learner-features/learner-features.js';
import { buildCourseIndex } from './course-index.js';
import {
  preferenceShares,
  recommendForStudent,
  type MasteryModel,
} from './recommend-for-student.js';
import { NO_CONTROLS } from './recommender.js';

const index = buildCourseIndex({
  objectives: [
    { id: 'a', title: 'A', position: 0, prerequisiteIds: [] },
    { id: 'b', title: 'B', position: 1, prerequisiteIds: ['a'] },
  ],
  content: [
    { id: 'ia', type: 'assessment_item', title: 'IA', objectiveIds: ['a'], difficulty: 0.5 },
    { id: 'ib', type: 'assessment_item', title: 'IB', objectiveIds: ['b'], difficulty: 0.5 },
  ],
  threshold: 0.95,
});
const props = {
  studentId: 's',
  index,
  mastery: [
    { objectiveId: 'a', pMastery: 0.6, attempts: 2, correct: 1, updatedAt: '2026-12-01T10:00:00Z' },
  ],
  features: emptyLearnerFeatureState(),
  recentContentIds: [],
  controls: NO_CONTROLS,
  now: Date.parse('2026-12-01T12:00:00Z'),
  limit: 3,
};

test('the served model gives the predicted success that the reasons quote', () => {
  const { items, degraded } = recommendForStudent({ ...props, model: textbookBktModel() });
  assert.equal(degraded, null);
  assert.equal(items[0]?.contentId, 'ia');
  // BKT: 0.6 × 0.9 + 0.4 × 0.2 = 62%.
  assert.ok(items[0]?.reasons.some((r) => r.text.startsWith('62% predicted success')));
});

test('a model that throws gives the degraded ranking with the reason', () => {
  const broken: MasteryModel = {
    ...textbookBktModel(),
    name: 'broken',
    createState: () => new Map(),
    predict: () => {
      throw new Error('weights not loaded');
    },
    update: () => undefined,
    mastery: () => 0.2,
    serialize: () => ({ model: 'broken', formatVersion: 1, params: null }),
    saveState: () => null,
    loadState: () => null,
  };
  const { items, degraded } = recommendForStudent({ ...props, model: broken });
  assert.deepEqual(degraded, { reason: 'the knowledge model failed: weights not loaded' });
  assert.deepEqual(
    items.map((r) => r.contentId),
    ['ia'],
  );
  assert.equal(items[0]?.reasons.at(-1)?.code, 'fallback');
  const none = recommendForStudent({ ...props, model: null });
  assert.ok(none.degraded);
});

test('content-type preference is the share of completions', () => {
  const state = emptyLearnerFeatureState();
  state.preference = { video: 1, assessment_item: 3 };
  assert.deepEqual(preferenceShares(state), { video: 0.25, assessment_item: 0.75 });
  assert.deepEqual(preferenceShares(null), {});
});
