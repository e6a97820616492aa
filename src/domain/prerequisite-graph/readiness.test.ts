import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ancestorsAndSelf,
  estimateItemsToMastery,
  learningPath,
  objectiveReadiness,
  outerFringe,
  type GraphObjective,
} from './readiness.js';
import { topologicalOrder } from './prerequisite-graph.js';

// a → b → d, a → c → d, e alone.
const objectives: GraphObjective[] = [
  { id: 'a', title: 'Fractions', position: 0, prerequisiteIds: [] },
  { id: 'b', title: 'Ratios', position: 1, prerequisiteIds: ['a'] },
  { id: 'c', title: 'Decimals', position: 2, prerequisiteIds: ['a'] },
  { id: 'd', title: 'Percents', position: 3, prerequisiteIds: ['b', 'c'] },
  { id: 'e', title: 'Geometry', position: 4, prerequisiteIds: [] },
];
const masteryOf = (m: Record<string, number>) => (id: string) => m[id] ?? 0.2;

test('readiness: an objective is ready when every prerequisite is at the threshold', () => {
  const r = objectiveReadiness(objectives, masteryOf({ a: 0.96, b: 0.95, c: 0.5 }), 0.95);
  const by = new Map(r.map((x) => [x.objectiveId, x]));
  assert.deepEqual(by.get('b'), { objectiveId: 'b', mastered: true, ready: true, missing: [] });
  assert.deepEqual(by.get('d')?.missing, ['c']);
  assert.equal(by.get('d')?.ready, false);
  assert.equal(by.get('e')?.ready, true);
});

test('the outer fringe is ready and not mastered', () => {
  assert.deepEqual(outerFringe(objectives, masteryOf({}), 0.95), ['a', 'e']);
  assert.deepEqual(outerFringe(objectives, masteryOf({ a: 0.99, b: 0.99 }), 0.95), ['c', 'e']);
});

test('items to mastery follow the BKT learning transition', () => {
  // 1 − 0.8 × 0.85^n ≥ 0.95 first at n = 18.
  assert.equal(estimateItemsToMastery(0.2, 0.15, 0.95), 18);
  assert.equal(estimateItemsToMastery(0.96, 0.15, 0.95), 0);
  assert.equal(estimateItemsToMastery(0.949, 0.9, 0.95), 1);
  assert.ok(estimateItemsToMastery(0.2, 0.3, 0.95) < estimateItemsToMastery(0.2, 0.1, 0.95));
});

test('the path to a goal: prerequisites first, only what is not mastered, with estimates', () => {
  const path = learningPath({
    topological: objectives,
    goal: 'd',
    pMastery: masteryOf({ a: 0.97 }),
    threshold: 0.95,
    learnRate: () => 0.15,
    secondsPerItem: 60,
  });
  assert.deepEqual(
    path.steps.map((s) => [s.objectiveId, s.ready]),
    [
      ['b', true],
      ['c', true],
      ['d', false],
    ],
  );
  assert.equal(path.steps[0]?.estimatedItems, 18);
  assert.equal(path.steps[0]?.estimatedSeconds, 18 * 60);
  assert.equal(path.estimatedItems, 54);
  assert.equal(path.estimatedSeconds, 54 * 60);
});

/** A random DAG: each objective may require earlier ones. */
const dagArb = fc
  .integer({ min: 1, max: 25 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: n, maxLength: n }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    ),
  )
  .map(([prereqs, mastery]) => {
    const objs: GraphObjective[] = prereqs.map((ps, i) => ({
      id: `o${i}`,
      title: `O${i}`,
      position: i,
      prerequisiteIds: i === 0 ? [] : [...new Set(ps.map((p) => `o${p % i}`))],
    }));
    return { objs, mastery: new Map(objs.map((o, i) => [o.id, mastery[i] as number])) };
  });

test('property: a path is topologically ordered, complete and unmastered', () => {
  fc.assert(
    fc.property(dagArb, fc.nat(), ({ objs, mastery }, g) => {
      const goal = `o${g % objs.length}`;
      const topo = topologicalOrder(
        objs.map((o) => o.id),
        objs.flatMap((o) =>
          o.prerequisiteIds.map((q) => ({ objectiveId: o.id, prerequisiteId: q })),
        ),
      );
      assert.ok('order' in topo);
      const byId = new Map(objs.map((o) => [o.id, o]));
      const ordered = topo.order.map((id) => byId.get(id) as GraphObjective);
      const p = (id: string) => mastery.get(id) ?? 0;
      const path = learningPath({
        topological: ordered,
        goal,
        pMastery: p,
        threshold: 0.9,
        learnRate: () => 0.2,
        secondsPerItem: 30,
      });
      const at = new Map(path.steps.map((s, i) => [s.objectiveId, i]));
      const needed = ancestorsAndSelf(goal, (id) => byId.get(id)?.prerequisiteIds ?? []);
      for (const id of needed) {
        assert.equal(at.has(id), p(id) < 0.9, `${id} on the path iff not mastered`);
      }
      for (const s of path.steps) {
        assert.ok(needed.has(s.objectiveId));
        assert.ok(s.estimatedItems >= 1);
        for (const q of byId.get(s.objectiveId)?.prerequisiteIds ?? []) {
          if (at.has(q)) {
            assert.ok((at.get(q) as number) < (at.get(s.objectiveId) as number));
          }
        }
      }
    }),
  );
});
