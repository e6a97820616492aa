import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recommendByReadiness, type CatalogContent } from './readiness-recommender.js';

const objectives = [
  { id: 'a', title: 'Unit fractions', position: 0, prerequisiteIds: [] },
  { id: 'b', title: 'Equivalent fractions', position: 1, prerequisiteIds: ['a'] },
  { id: 'c', title: 'Adding fractions', position: 2, prerequisiteIds: ['a', 'b'] },
];
const content: CatalogContent[] = [
  { id: 'va', type: 'video', title: 'Video A', objectiveIds: ['a'], difficulty: null },
  { id: 'ia1', type: 'assessment_item', title: 'A1', objectiveIds: ['a'], difficulty: 0.7 },
  { id: 'ia2', type: 'assessment_item', title: 'A2', objectiveIds: ['a'], difficulty: 0.2 },
  { id: 'vb', type: 'video', title: 'Video B', objectiveIds: ['b'], difficulty: null },
  { id: 'ib', type: 'assessment_item', title: 'B1', objectiveIds: ['b'], difficulty: 0.5 },
  { id: 'ic', type: 'assessment_item', title: 'C1', objectiveIds: ['c'], difficulty: 0.5 },
];
const props = {
  objectives,
  content,
  prior: 0.2,
  threshold: 0.95,
  recentContentIds: new Set<string>(),
  limit: 3,
};

test('recommends only objectives whose prerequisites are mastered, starting with a lesson', () => {
  const recs = recommendByReadiness({ ...props, mastery: new Map(), attempts: new Map() });
  assert.deepEqual(
    recs.map((r) => r.contentId),
    ['va'],
  );
  assert.equal(recs[0]?.reasons[0]?.code, 'no_prerequisites');
});

test('once practised, picks the easiest item; reasons name the mastered prerequisites', () => {
  const recs = recommendByReadiness({
    ...props,
    mastery: new Map([
      ['a', 0.97],
      ['b', 0.4],
    ]),
    attempts: new Map([
      ['a', 5],
      ['b', 2],
    ]),
  });
  assert.deepEqual(
    recs.map((r) => r.contentId),
    ['ib'],
  );
  assert.match(recs[0]?.reasons[0]?.text ?? '', /prerequisites Unit fractions mastered/);
  assert.match(recs[0]?.reasons[1]?.text ?? '', /40%, below the 95% goal/);
});

test('skips what the student just did, and returns nothing when everything is mastered', () => {
  const practising = recommendByReadiness({
    ...props,
    mastery: new Map([['a', 0.5]]),
    attempts: new Map([['a', 3]]),
    recentContentIds: new Set(['ia2']),
  });
  assert.deepEqual(
    practising.map((r) => r.contentId),
    ['ia1'],
  );
  const done = recommendByReadiness({
    ...props,
    mastery: new Map([
      ['a', 0.99],
      ['b', 0.99],
      ['c', 0.99],
    ]),
    attempts: new Map(),
  });
  assert.deepEqual(done, []);
});
