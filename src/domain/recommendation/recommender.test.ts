import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CatalogContent, CatalogObjective } from './catalog.js';
import { buildCourseIndex } from './course-index.js';
import {
  APPROPRIATE_FLOOR,
  appropriateness,
  describeDay,
  difficultyCloseness,
  diversify,
  evaluatorViolation,
  showLikelyAppropriate,
  NO_CONTROLS,
  recommendNext,
  WEIGHTS,
  type KnowledgeEstimate,
  type LearnerSnapshot,
  type MasteryState,
  type Recommendation,
} from './recommender.js';
import { reviewDue } from './review-schedule.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 3, 12); // a Thursday

const objectives: CatalogObjective[] = [
  { id: 'frac', title: 'Fractions', position: 0, prerequisiteIds: [] },
  { id: 'ratio', title: 'Ratios', position: 1, prerequisiteIds: [] },
  { id: 'pct', title: 'Percents', position: 2, prerequisiteIds: ['frac', 'ratio'] },
  { id: 'rates', title: 'Rates', position: 3, prerequisiteIds: ['pct'] },
];
const content: CatalogContent[] = objectives.flatMap((o) => [
  {
    id: `${o.id}.video`,
    type: 'video' as const,
    title: `${o.title} video`,
    objectiveIds: [o.id],
    difficulty: null,
  },
  {
    id: `${o.id}.reading`,
    type: 'reading' as const,
    title: `${o.title} reading`,
    objectiveIds: [o.id],
    difficulty: null,
  },
  ...[0.2, 0.5, 0.8].map((d, i) => ({
    id: `${o.id}.item${i}`,
    type: 'assessment_item' as const,
    title: `${o.title} item ${i}`,
    objectiveIds: [o.id],
    difficulty: d,
  })),
]);
const index = buildCourseIndex({ objectives, content, threshold: 0.95 });

const record = (pMastery: number, attempts = 5, correct = 4, daysAgo = 1): MasteryState => ({
  pMastery,
  attempts,
  correct,
  updatedAt: NOW - daysAgo * DAY,
});
const learner = (
  mastery: Record<string, MasteryState>,
  over: Partial<LearnerSnapshot> = {},
): LearnerSnapshot => ({
  mastery: new Map(Object.entries(mastery)),
  contentTypePreference: {},
  recentContentIds: [],
  ...over,
});
/** P(correct) = 0.2 + 0.7 × P(mastered) of the first objective. */
const model = (l: LearnerSnapshot): KnowledgeEstimate => ({
  prior: 0.2,
  predictCorrect: (c) => 0.2 + 0.7 * (l.mastery.get(c.objectiveIds[0] ?? '')?.pMastery ?? 0.2),
});
const run = (l: LearnerSnapshot, over: Partial<Parameters<typeof recommendNext>[0]> = {}) =>
  recommendNext({
    index,
    learner: l,
    model: model(l),
    controls: NO_CONTROLS,
    now: NOW,
    limit: 3,
    ...over,
  });
const codes = (r: Recommendation) => r.reasons.map((x) => x.code);

test('a new student starts the objectives without prerequisites with a lesson', () => {
  const { items, degraded } = run(learner({}));
  assert.equal(degraded, null);
  assert.ok(items.length > 0);
  for (const r of items) {
    assert.ok(['frac', 'ratio'].includes(r.objectiveId));
  }
  const first = items[0] as Recommendation;
  assert.equal(first.type === 'video' || first.type === 'reading', true);
  assert.deepEqual(codes(first).slice(0, 1), ['no_prerequisites']);
  assert.ok(codes(first).includes('start_objective'));
});

test('reasons carry the values of the terms: readiness titles and predicted success', () => {
  const l = learner({ frac: record(0.97), ratio: record(0.98), pct: record(0.6, 3, 2) });
  const { items } = run(l);
  const pct = items.find((r) => r.objectiveId === 'pct' && r.type === 'assessment_item');
  assert.ok(pct, JSON.stringify(items));
  assert.equal(pct.reasons[0]?.text, 'Ready: prerequisites Fractions and Ratios mastered.');
  // 0.2 + 0.7 × 0.6 = 62% predicted success, inside the band.
  const difficulty = pct.reasons.find((x) => x.code === 'desirable_difficulty');
  assert.equal(difficulty?.text, '62% predicted success, in the desirable 60–85% range.');
  assert.ok(pct.reasons.some((x) => x.text === 'Mastery of Percents is 60%, below the 95% goal.'));
});

test('a reason appears only when its term contributed', () => {
  const l = learner({ frac: record(0.97), ratio: record(0.98), pct: record(0.6, 3, 2) });
  // No preference known and no recent content: no preference or novelty reasons.
  for (const r of run(l).items) {
    assert.ok(!codes(r).includes('preferred_type'));
    assert.ok(!codes(r).includes('new_content'));
    assert.ok(!codes(r).includes('review_due'));
  }
  const withHistory = learner(
    { frac: record(0.97), ratio: record(0.98), pct: record(0.6, 3, 2) },
    {
      contentTypePreference: { assessment_item: 0.8, video: 0.2 },
      recentContentIds: ['pct.item0'],
    },
  );
  const item = run(withHistory).items.find((r) => r.type === 'assessment_item') as Recommendation;
  assert.ok(codes(item).includes('preferred_type'));
  assert.ok(
    item.reasons.some((x) => x.text === '80% of what you complete is assessment item content.'),
  );
  assert.ok(codes(item).includes('new_content'));
  assert.notEqual(item.contentId, 'pct.item0', 'the item just done is not repeated');
});

test('desirable difficulty: 1 inside 60–85%, falling to 0 at 0.30 outside', () => {
  assert.equal(difficultyCloseness(0.7), 1);
  assert.equal(difficultyCloseness(0.6), 1);
  assert.equal(difficultyCloseness(0.85), 1);
  assert.ok(Math.abs(difficultyCloseness(0.45) - 0.5) < 1e-9);
  assert.ok(Math.abs(difficultyCloseness(1) - 0.5) < 1e-9);
  assert.equal(difficultyCloseness(0.2), 0);
});

test('a due FSRS review of a mastered objective is a candidate, with the day it fell due', () => {
  // Everything mastered except rates, whose prerequisite pct was last practised long ago.
  const old = record(0.97, 3, 2, 60); // one successful review: due after FSRS's first interval
  const due = reviewDue(old);
  assert.ok(due.dueAt < NOW);
  const l = learner({
    frac: old,
    ratio: record(0.97, 4, 4, 0),
    pct: record(0.97, 4, 4, 0),
    rates: record(0.97, 4, 4, 0),
  });
  const { items } = run(l);
  const review = items.find((r) => codes(r).includes('review_due'));
  assert.ok(review, JSON.stringify(items));
  assert.equal(review.objectiveId, 'frac');
  assert.match(
    review.reasons.find((x) => x.code === 'review_due')?.text ?? '',
    new RegExp(`^Review of Fractions due since ${describeDay(due.dueAt, NOW)}\\.$`),
  );
});

test('a due review is still shown while new material qualifies (the floor cannot judge it)', () => {
  // frac was mastered long ago and is due; ratio builds on it and is new.
  const l = learner({ frac: record(0.97, 3, 2, 60), ratio: record(0.2, 1, 0, 0) });
  const { items } = run(l);
  assert.ok(
    items.some((r) => r.objectiveId === 'ratio'),
    JSON.stringify(items.map((r) => r.contentId)),
  );
  assert.ok(
    items.some((r) => r.objectiveId === 'frac' && codes(r).includes('review_due')),
    JSON.stringify(items.map((r) => [r.contentId, codes(r)])),
  );
});

test('with a goal, a due review the next objective does not build on waits until the goal is reached', () => {
  // On the way to rates: frac was mastered long ago and is overdue, but rates builds on pct only.
  const l = learner({
    frac: record(0.97, 3, 2, 200),
    ratio: record(0.97, 5, 5, 1),
    pct: record(0.97, 5, 5, 1),
    rates: record(0.3, 2, 1, 0),
  });
  const review = (r: Recommendation) => r.objectiveId === 'frac' && codes(r).includes('review_due');
  // Without a goal the overdue review outscores the practice of rates.
  const free = run(l).items;
  assert.ok(review(free[0] as Recommendation), JSON.stringify(free));
  const goal = { controls: { ...NO_CONTROLS, goalObjectiveId: 'rates' } };
  const { items } = run(l, goal);
  assert.equal(items[0]?.objectiveId, 'rates', JSON.stringify(items));
  assert.ok(!items.some(review), JSON.stringify(items.map((r) => [r.contentId, codes(r)])));
  // Once the goal is mastered, the review is back.
  const reached = learner({ ...Object.fromEntries(l.mastery), rates: record(0.97, 5, 5, 1) });
  assert.ok(run(reached, goal).items.some(review));
});

test('with a goal, a due review of what the next objective builds on competes on its score', () => {
  const l = learner({
    frac: record(0.97, 5, 5, 1),
    ratio: record(0.97, 5, 5, 1),
    pct: record(0.97, 3, 2, 200),
    rates: record(0.3, 2, 1, 0),
  });
  const { items } = run(l, { controls: { ...NO_CONTROLS, goalObjectiveId: 'rates' } });
  assert.equal(items[0]?.objectiveId, 'pct', JSON.stringify(items));
  assert.ok(codes(items[0]).includes('review_due'));
});

test('describeDay names the weekday within a week', () => {
  assert.equal(describeDay(NOW, NOW), 'today');
  assert.equal(describeDay(NOW - DAY, NOW), 'yesterday');
  assert.equal(describeDay(NOW - 2 * DAY, NOW), 'Tuesday');
  assert.equal(describeDay(NOW - 30 * DAY, NOW), '3 Nov');
});

test('remediation: a failing prerequisite of an objective already practised', () => {
  // pct was practised while its prerequisite frac was mastered; frac has since dropped.
  const l = learner({ frac: record(0.5, 8, 4), ratio: record(0.97), pct: record(0.4, 3, 1) });
  const { items } = run(l);
  const fix = items.find((r) => r.objectiveId === 'frac');
  assert.ok(fix);
  assert.ok(
    fix.reasons.some(
      (x) =>
        x.code === 'remediation' &&
        x.text === 'Fractions (50%) is a prerequisite of Percents, which you are practising.',
    ),
  );
  assert.ok(
    items.every((r) => r.objectiveId !== 'pct'),
    'pct is not ready any more',
  );
});

test('the section goal restricts learning to its path and says so', () => {
  const l = learner({ frac: record(0.97) });
  const { items } = run(l, { controls: { ...NO_CONTROLS, goalObjectiveId: 'pct' } });
  assert.ok(items.some((r) => codes(r).includes('on_path')));
  const free = run(l).items;
  assert.ok(free.every((r) => !codes(r).includes('on_path')));
});

test('hidden content is never recommended; pinned content is boosted when allowed', () => {
  const l = learner({ frac: record(0.97), ratio: record(0.97), pct: record(0.5, 2, 1) });
  const hidden = new Set(['pct.item0', 'pct.item1', 'pct.item2']);
  const { items } = run(l, { controls: { ...NO_CONTROLS, hidden } });
  assert.ok(items.every((r) => !hidden.has(r.contentId)));
  const pinned = run(l, { controls: { ...NO_CONTROLS, pinned: new Set(['ratio.reading']) } });
  assert.equal(pinned.items[0]?.contentId, 'ratio.reading');
  assert.equal(pinned.items[0]?.reasons[1]?.code, 'pinned');
  // A pin does not override prerequisites.
  const early = run(learner({}), {
    controls: { ...NO_CONTROLS, pinned: new Set(['rates.video']) },
  });
  assert.ok(early.items.every((r) => r.contentId !== 'rates.video'));
});

test('diversity: one per objective while other objectives remain, then MMR', () => {
  const rec = (contentId: string, objectiveId: string, score: number): Recommendation => ({
    contentId,
    objectiveId,
    type: 'assessment_item',
    title: contentId,
    score,
    reasons: [],
  });
  const picked = diversify([rec('a1', 'a', 0.9), rec('a2', 'a', 0.89), rec('b1', 'b', 0.8)], 2);
  assert.deepEqual(
    picked.map((r) => r.contentId),
    ['a1', 'b1'],
  );
  // Even a much better second item of the same objective waits for the other objectives.
  const strong = diversify([rec('a1', 'a', 0.9), rec('a2', 'a', 0.9), rec('b1', 'b', 0.2)], 2);
  assert.deepEqual(
    strong.map((r) => r.contentId),
    ['a1', 'b1'],
  );
  // With only one objective left, its items fill the list.
  const single = diversify([rec('a1', 'a', 0.9), rec('a2', 'a', 0.8), rec('b1', 'b', 0.2)], 3);
  assert.deepEqual(
    single.map((r) => r.contentId),
    ['a1', 'b1', 'a2'],
  );
});

test('appropriateness is P(objective not mastered) × P(each prerequisite mastered)', () => {
  const p = (id: string) => ({ a: 0.9, b: 0.8, c: 0.3 })[id] ?? 0;
  assert.ok(Math.abs(appropriateness({ id: 'c', prerequisiteIds: ['a', 'b'] }, p) - 0.504) < 1e-9);
  assert.ok(Math.abs(appropriateness({ id: 'a', prerequisiteIds: [] }, p) - 0.1) < 1e-9);
});

test('only likely appropriate, pinned or the best due review are shown, else the best-scored', () => {
  const rec = (contentId: string, score: number): Recommendation => ({
    contentId,
    objectiveId: contentId,
    type: 'assessment_item',
    title: contentId,
    score,
    reasons: [],
  });
  const fit: Record<string, number> = {
    top: 0.1,
    likely: 0.8,
    unlikely: 0.2,
    pin: 0.1,
    review1: 0.05,
    review2: 0.05,
  };
  const exempt = {
    pinned: new Set(['pin']),
    isReview: (r: Recommendation) => r.contentId.startsWith('review'),
  };
  const shown = showLikelyAppropriate(
    [
      rec('top', 0.9),
      rec('likely', 0.8),
      rec('review1', 0.75),
      rec('unlikely', 0.7),
      rec('review2', 0.65),
      rec('pin', 0.6),
    ],
    (r) => fit[r.contentId] ?? 0,
    exempt,
  );
  // The best due review is kept for spacing; a second one is judged like the rest.
  assert.deepEqual(
    shown.map((r) => r.contentId),
    ['likely', 'review1', 'pin'],
  );
  const none = showLikelyAppropriate(
    [rec('top', 0.9), rec('unlikely', 0.7)],
    (r) => fit[r.contentId] ?? 0,
    { pinned: new Set(), isReview: () => false },
  );
  assert.deepEqual(
    none.map((r) => r.contentId),
    ['top'],
  );
});

test('a student confirming an objective is not offered more of it as alternatives', () => {
  assert.equal(APPROPRIATE_FLOOR, 0.5);
  // frac is being confirmed (P 0.8: appropriate with P 0.2); ratio is new (0.8).
  const l = learner({ frac: record(0.8, 3, 3, 0) });
  const { items } = run(l);
  assert.ok(items.length > 0);
  assert.ok(
    items.every((r) => r.objectiveId === 'ratio'),
    JSON.stringify(items.map((r) => r.contentId)),
  );
  // Pinned content is shown whatever its appropriateness.
  const pinned = run(l, { controls: { ...NO_CONTROLS, pinned: new Set(['frac.item1']) } });
  assert.ok(pinned.items.some((r) => r.contentId === 'frac.item1'));
  // Nothing likely appropriate (everything but pct mastered, pct at 0.8): its best item alone.
  const confirming = learner({
    frac: record(0.97, 4, 4, 0),
    ratio: record(0.97, 4, 4, 0),
    pct: record(0.8, 3, 3, 0),
  });
  const alone = run(confirming).items;
  assert.equal(alone.length, 1, JSON.stringify(alone.map((r) => r.contentId)));
  assert.equal(alone[0]?.objectiveId, 'pct');
  assert.equal(alone[0]?.type, 'assessment_item');
  // The degraded ranking has no estimates to filter by: the same student gets more.
  const unfiltered = recommendNext({
    index,
    learner: confirming,
    model: null,
    controls: NO_CONTROLS,
    now: NOW,
    limit: 3,
  });
  assert.ok(unfiltered.items.length > 1, 'the degraded ranking is not filtered');
});

test('without a model: readiness ranking, marked degraded with the reason', () => {
  const l = learner({ frac: record(0.97), ratio: record(0.97) });
  const { items, degraded } = recommendNext({
    index,
    learner: l,
    model: null,
    controls: NO_CONTROLS,
    now: NOW,
    limit: 3,
    unavailableReason: 'model registry down',
  });
  assert.deepEqual(degraded, { reason: 'model registry down' });
  assert.ok(items.length > 0);
  for (const r of items) {
    assert.equal(r.objectiveId, 'pct');
    assert.deepEqual(codes(r), ['ready', 'fallback']);
  }
});

test('the weights of every term are positive', () => {
  for (const w of Object.values(WEIGHTS)) {
    assert.ok(w > 0);
  }
});

/** A random course and student: DAG over n objectives, content tagged with 1–2 objectives. */
const scenarioArb = fc.integer({ min: 1, max: 15 }).chain((n) =>
  fc.record({
    prereqs: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: n, maxLength: n }),
    mastery: fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: n,
      maxLength: n,
    }),
    content: fc.array(
      fc.record({
        objective: fc.nat(),
        also: fc.option(fc.nat()),
        type: fc.constantFrom('video', 'reading', 'interactive', 'assessment_item'),
        hidden: fc.boolean(),
        pinned: fc.boolean(),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    recent: fc.array(fc.nat(), { maxLength: 5 }),
    goal: fc.option(fc.nat()),
    withModel: fc.boolean(),
    daysAgo: fc.integer({ min: 0, max: 400 }),
  }),
);

test('property: the evaluator never lets through unmet prerequisites or hidden content', () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const n = s.prereqs.length;
      const objs: CatalogObjective[] = s.prereqs.map((ps, i) => ({
        id: `o${i}`,
        title: `O${i}`,
        position: i,
        prerequisiteIds: i === 0 ? [] : [...new Set(ps.map((p) => `o${p % i}`))],
      }));
      const items: CatalogContent[] = s.content.map((c, j) => ({
        id: `c${j}`,
        type: c.type,
        title: `C${j}`,
        objectiveIds: [
          ...new Set([`o${c.objective % n}`, ...(c.also === null ? [] : [`o${c.also % n}`])]),
        ],
        difficulty: 0.5,
      }));
      const idx = buildCourseIndex({ objectives: objs, content: items, threshold: 0.9 });
      const mastery = new Map<string, MasteryState>();
      s.mastery.forEach((p, i) => {
        if (p !== null) {
          mastery.set(`o${i}`, {
            pMastery: p,
            attempts: 3,
            correct: 2,
            updatedAt: NOW - s.daysAgo * DAY,
          });
        }
      });
      const l: LearnerSnapshot = {
        mastery,
        contentTypePreference: { video: 0.5, assessment_item: 0.5 },
        recentContentIds: s.recent.map((r) => `c${r % items.length}`),
      };
      const hidden = new Set(s.content.flatMap((c, j) => (c.hidden ? [`c${j}`] : [])));
      const controls = {
        hidden,
        pinned: new Set(s.content.flatMap((c, j) => (c.pinned ? [`c${j}`] : []))),
        goalObjectiveId: s.goal === null ? null : `o${s.goal % n}`,
      };
      const { items: recs } = recommendNext({
        index: idx,
        learner: l,
        model: s.withModel ? { prior: 0.2, predictCorrect: () => 0.7 } : null,
        controls,
        now: NOW,
        limit: 5,
      });
      const p = (id: string) => mastery.get(id)?.pMastery ?? (s.withModel ? 0.2 : 0);
      assert.ok(recs.length <= 5);
      assert.equal(new Set(recs.map((r) => r.contentId)).size, recs.length, 'no duplicates');
      for (const r of recs) {
        assert.ok(!hidden.has(r.contentId), 'hidden content recommended');
        assert.equal(evaluatorViolation(r.contentId, { index: idx, pMastery: p, controls }), null);
        const c = idx.content.get(r.contentId) as CatalogContent;
        for (const o of c.objectiveIds) {
          for (const q of idx.byId.get(o)?.prerequisiteIds ?? []) {
            assert.ok(p(q) >= 0.9, `prerequisite ${q} of ${r.contentId} not mastered`);
          }
        }
        assert.ok(r.reasons.length >= 1);
        assert.ok(['ready', 'no_prerequisites'].includes(r.reasons[0]?.code as string));
      }
    }),
    { numRuns: 300 },
  );
});

test('an objective practises its own items first, then items of other objectives that touch it', () => {
  const item = (id: string, objectiveIds: string[], difficulty: number): CatalogContent => ({
    id,
    type: 'assessment_item',
    title: id,
    objectiveIds,
    difficulty,
  });
  const idx = buildCourseIndex({
    objectives: [
      { id: 'a', title: 'A', position: 0, prerequisiteIds: [] },
      { id: 'b', title: 'B', position: 1, prerequisiteIds: ['a'] },
    ],
    content: [
      item('a-easy-also-b', ['a', 'b'], 0.1),
      item('b-hard', ['b'], 0.8),
      item('b-easy', ['b'], 0.3),
      item('b-also-a', ['b', 'a'], 0.5),
    ],
    threshold: 0.95,
  });
  assert.deepEqual(
    idx.byId.get('b')?.items.map((c) => c.id),
    ['b-easy', 'b-also-a', 'b-hard', 'a-easy-also-b'],
  );
  assert.deepEqual(
    idx.byId.get('a')?.items.map((c) => c.id),
    ['a-easy-also-b', 'b-also-a'],
  );
});

test('an objective with evidence is confirmed with the items hardest to guess (format)', () => {
  const item = (id: string, difficulty: number, format: CatalogContent['format']) => ({
    id,
    type: 'assessment_item' as const,
    title: id,
    objectiveIds: ['a'],
    difficulty,
    format,
  });
  const twoChoice = { format: 'multiple_choice' as const, choices: 2 };
  const idx = buildCourseIndex({
    objectives: [{ id: 'a', title: 'A', position: 0, prerequisiteIds: [] }],
    content: [
      ...[0.1, 0.2, 0.3, 0.4].map((d, i) => item(`choice-${i}`, d, twoChoice)),
      item('numeric', 0.7, { format: 'numeric' }),
      item('text', 0.8, { format: 'short_text' }),
    ],
    threshold: 0.95,
  });
  const items = (mastery: Record<string, MasteryState>) => {
    const l = learner(mastery);
    return recommendNext({
      index: idx,
      learner: l,
      model: model(l),
      controls: NO_CONTROLS,
      now: NOW,
      limit: 6,
    }).items.map((r) => r.contentId);
  };
  // No answer yet: the easiest items (two-choice here) start the objective.
  assert.deepEqual(items({}).sort(), ['choice-0', 'choice-1', 'choice-2', 'choice-3']);
  // With evidence, below the threshold: free-response items first, then the easiest others
  // (at 0.4 every item is still likely appropriate, so the whole list is shown).
  assert.deepEqual(items({ a: record(0.4, 2, 2) }).sort(), [
    'choice-0',
    'choice-1',
    'numeric',
    'text',
  ]);
});
