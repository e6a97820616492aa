import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NODE_WIDTH, edgeKey, layoutGraph } from './graph-geometry';

const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`);

void describe('layoutGraph', () => {
  void test('lays a shallow graph that fits the width out left to right', () => {
    const layers = [ids('a', 3), ids('b', 3)];

    const geometry = layoutGraph(layers, [], 1000);

    assert.equal(geometry.direction, 'left to right');
    assert.ok(geometry.width <= 1000);
  });

  void test('wraps a level wider than the space onto staggered rows within the width', () => {
    const layers = [ids('a', 1), ids('b', 7), ids('c', 1)];

    const geometry = layoutGraph(layers, [], 500);

    assert.equal(geometry.direction, 'top to bottom');
    assert.ok(geometry.width <= 500, `width ${geometry.width} fits 500`);
    const rowsOfB = new Set(ids('b', 7).map((id) => geometry.boxes.get(id)?.y));
    assert.ok(rowsOfB.size > 1, 'the wide level takes several rows');
    const xs = ids('b', 7).map((id) => geometry.boxes.get(id)?.x ?? -1);
    assert.ok(xs.every((x) => x >= 0 && x + NODE_WIDTH <= geometry.width));
  });

  void test('routes every edge between placed objectives', () => {
    const edges = [
      { prerequisiteId: 'a0', objectiveId: 'b0' },
      { prerequisiteId: 'a0', objectiveId: 'b1' },
    ];

    const geometry = layoutGraph([['a0'], ['b0', 'b1']], edges, 300);

    assert.deepEqual([...geometry.edgePaths.keys()], edges.map(edgeKey));
  });
});
