import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTrajectory, dayTicks, objectivesWithHistory } from './trajectory-geometry';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const box = { width: 220, height: 120, margin: { top: 10, right: 10, bottom: 10, left: 10 } };

void describe('buildTrajectory', () => {
  void test('maps time and probability into the plot and steps between points to now', () => {
    const geometry = buildTrajectory({
      points: [
        { objectiveId: 'o', at: iso(T0), pMastery: 0 },
        { objectiveId: 'o', at: iso(T0 + DAY), pMastery: 1 },
      ],
      now: T0 + 2 * DAY,
      threshold: 0.95,
      formatDay: (ms) => iso(ms).slice(5, 10),
      box,
    });
    assert.deepEqual(
      geometry.points.map((p) => [p.x, p.y]),
      [
        [10, 110],
        [110, 10],
      ],
    );
    assert.equal(geometry.path, 'M10 110 H110 V10 H210');
    assert.equal(geometry.thresholdY, 15);
    assert.deepEqual(
      geometry.xTicks.map((t) => t.label),
      ['11-01', '11-02', '11-03'],
    );
    assert.deepEqual(
      geometry.yTicks.map((t) => [t.label, t.position]),
      [
        ['0%', 110],
        ['25%', 85],
        ['50%', 60],
        ['75%', 35],
        ['100%', 10],
      ],
    );
  });

  void test('sorts unsorted points, and draws nothing but axes without points', () => {
    const geometry = buildTrajectory({
      points: [
        { objectiveId: 'o', at: iso(T0 + DAY), pMastery: 0.5 },
        { objectiveId: 'o', at: iso(T0), pMastery: 0.1 },
      ],
      now: T0 + DAY,
      threshold: null,
      formatDay: String,
      box,
    });
    assert.deepEqual(
      geometry.points.map((p) => p.pMastery),
      [0.1, 0.5],
    );
    assert.equal(geometry.thresholdY, null);
    const empty = buildTrajectory({ points: [], now: T0, threshold: null, formatDay: String, box });
    assert.equal(empty.path, '');
    assert.equal(empty.yTicks.length, 5);
  });
});

void describe('dayTicks', () => {
  void test('keeps at most the requested number of midnight ticks', () => {
    const ticks = dayTicks(T0 - 1, T0 + 27 * DAY, 6);
    assert.ok(ticks.length <= 6 && ticks.length >= 4, `${ticks.length} ticks`);
    assert.equal(ticks[0], T0);
    assert.ok(ticks.every((t) => t % DAY === 0));
  });
});

void describe('objectivesWithHistory', () => {
  void test('lists each objective once with its latest value, most recent first', () => {
    const list = objectivesWithHistory([
      { objectiveId: 'a', at: iso(T0), pMastery: 0.2 },
      { objectiveId: 'b', at: iso(T0 + DAY), pMastery: 0.4 },
      { objectiveId: 'a', at: iso(T0 + 2 * DAY), pMastery: 0.7 },
    ]);
    assert.deepEqual(
      list.map((o) => [o.objectiveId, o.latest, o.count]),
      [
        ['a', 0.7, 2],
        ['b', 0.4, 1],
      ],
    );
  });
});
