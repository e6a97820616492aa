import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ancestorsOf, layerObjectives, type LayerEdge } from './layer-objectives';

const node = (id: string, position: number) => ({ id, position });
const edge = (prerequisiteId: string, objectiveId: string): LayerEdge => ({
  prerequisiteId,
  objectiveId,
});

void describe('layerObjectives', () => {
  void test('puts each objective one level after its deepest prerequisite', () => {
    const nodes = [node('a', 0), node('b', 1), node('c', 2), node('d', 3)];
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('a', 'd'), edge('c', 'd')];

    const { layers, layerOf } = layerObjectives(nodes, edges);

    assert.deepEqual(layers, [['a'], ['b'], ['c'], ['d']]);
    assert.equal(layerOf.get('d'), 3);
  });

  void test('keeps course order within a level when no edge says otherwise', () => {
    const nodes = [node('z', 0), node('y', 1), node('x', 2)];

    const { layers } = layerObjectives(nodes, []);

    assert.deepEqual(layers, [['z', 'y', 'x']]);
  });

  void test('orders a level by its prerequisites to avoid crossing edges', () => {
    const nodes = [node('a', 0), node('b', 1), node('a2', 2), node('b2', 3)];
    // Course order puts a2 first, but b2 hangs off a and a2 off b: swapping uncrosses them.
    const edges = [edge('a', 'b2'), edge('b', 'a2')];

    const { layers } = layerObjectives(nodes, edges);

    assert.deepEqual(layers, [
      ['a', 'b'],
      ['b2', 'a2'],
    ]);
  });

  void test('ignores unknown objectives, self-loops and duplicate edges', () => {
    const nodes = [node('a', 0), node('b', 1)];
    const edges = [edge('a', 'b'), edge('a', 'b'), edge('b', 'b'), edge('ghost', 'a')];

    const { layers, edges: drawn } = layerObjectives(nodes, edges);

    assert.deepEqual(layers, [['a'], ['b']]);
    assert.deepEqual(drawn, [edge('a', 'b')]);
  });

  void test('drops an edge that closes a cycle instead of looping', () => {
    const nodes = [node('a', 0), node('b', 1), node('c', 2)];
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')];

    const { layers, cyclicEdges } = layerObjectives(nodes, edges);

    assert.deepEqual(cyclicEdges, [edge('c', 'a')]);
    assert.deepEqual(layers, [['a'], ['b'], ['c']]);
  });

  void test('leaves out of the essential edges those implied by a longer path', () => {
    const nodes = [node('a', 0), node('b', 1), node('c', 2)];
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('a', 'c')];

    const { edges: all, essentialEdges } = layerObjectives(nodes, edges);

    assert.equal(all.length, 3);
    assert.deepEqual(essentialEdges, [edge('a', 'b'), edge('b', 'c')]);
  });

  void test('returns no layers for a course without objectives', () => {
    assert.deepEqual(layerObjectives([], []).layers, []);
  });
});

void describe('ancestorsOf', () => {
  void test('returns every direct and indirect prerequisite', () => {
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('x', 'c'), edge('c', 'd')];

    assert.deepEqual([...ancestorsOf('c', edges)].sort(), ['a', 'b', 'x']);
    assert.deepEqual([...ancestorsOf('a', edges)], []);
  });
});
