import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DashboardStudent, ObjectiveRef } from '../../api/api-types';
import {
  ariaSortOf,
  buildHeatmapRows,
  describeSort,
  meanOf,
  nextHeatmapSort,
  type HeatmapSort,
} from './heatmap-model';

const objectives: ObjectiveRef[] = [
  { id: 'o1', key: 'a', title: 'Unit fractions' },
  { id: 'o2', key: 'b', title: 'Equivalent fractions' },
];

function student(
  overrides: Partial<DashboardStudent> & { id: string; name: string },
): DashboardStudent {
  return {
    lastActiveAt: null,
    masteredCount: 0,
    atRisk: false,
    mastery: [null, null],
    ...overrides,
  };
}

const students = [
  student({ id: 's1', name: 'Cora', mastery: [0.9, 0.2], masteredCount: 1 }),
  student({ id: 's2', name: 'Ade', mastery: [0.3, null], atRisk: true }),
  student({ id: 's3', name: 'Bo', mastery: [null, null] }),
  student({ id: 's4', name: 'Dan', mastery: [0.6, 0.95], masteredCount: 2, atRisk: true }),
];

const names = (sort: HeatmapSort) =>
  buildHeatmapRows(objectives, students, sort).map((r) => r.student.name);

void describe('buildHeatmapRows', () => {
  void test('sorts by name in both directions', () => {
    assert.deepEqual(names({ key: { by: 'name' }, direction: 'ascending' }), [
      'Ade',
      'Bo',
      'Cora',
      'Dan',
    ]);
    assert.deepEqual(names({ key: { by: 'name' }, direction: 'descending' }), [
      'Dan',
      'Cora',
      'Bo',
      'Ade',
    ]);
  });

  void test('sorts by one objective with students lacking evidence last either way', () => {
    const key = { by: 'objective', objectiveId: 'o2' } as const;
    assert.deepEqual(names({ key, direction: 'ascending' }), ['Cora', 'Dan', 'Ade', 'Bo']);
    assert.deepEqual(names({ key, direction: 'descending' }), ['Dan', 'Cora', 'Ade', 'Bo']);
  });

  void test('puts at-risk students first, then by name, by default', () => {
    assert.deepEqual(names({ key: { by: 'risk' }, direction: 'descending' }), [
      'Ade',
      'Dan',
      'Bo',
      'Cora',
    ]);
  });

  void test('sorts by mean mastery over the objectives with evidence', () => {
    assert.deepEqual(names({ key: { by: 'mean' }, direction: 'ascending' }), [
      'Ade',
      'Cora',
      'Dan',
      'Bo',
    ]);
  });

  void test('gives each cell its percent, band and spoken label', () => {
    const [row] = buildHeatmapRows(objectives, [students[0]!], {
      key: { by: 'name' },
      direction: 'ascending',
    });
    assert.deepEqual(
      row?.cells.map((c) => [c.text, c.band.id, c.label]),
      [
        ['90', 4, '90% mastery'],
        ['20', 1, '20% mastery'],
      ],
    );
    assert.equal(row?.mean, 0.55);
  });
});

void describe('sorting controls', () => {
  void test('flips the direction on the same column and starts objectives ascending', () => {
    const byRisk: HeatmapSort = { key: { by: 'risk' }, direction: 'descending' };
    assert.equal(nextHeatmapSort(byRisk, { by: 'risk' }).direction, 'ascending');
    const byObjective = nextHeatmapSort(byRisk, { by: 'objective', objectiveId: 'o1' });
    assert.deepEqual(byObjective, {
      key: { by: 'objective', objectiveId: 'o1' },
      direction: 'ascending',
    });
    assert.equal(nextHeatmapSort(byObjective, { by: 'mastered' }).direction, 'descending');
  });

  void test('reports aria-sort only on the sorted column and describes the sort', () => {
    const sort: HeatmapSort = {
      key: { by: 'objective', objectiveId: 'o1' },
      direction: 'ascending',
    };
    assert.equal(ariaSortOf(sort, { by: 'objective', objectiveId: 'o1' }), 'ascending');
    assert.equal(ariaSortOf(sort, { by: 'objective', objectiveId: 'o2' }), 'none');
    assert.equal(ariaSortOf(sort, { by: 'name' }), 'none');
    assert.equal(describeSort(sort, objectives), 'Sorted by Unit fractions, ascending.');
  });

  void test('meanOf ignores missing values and is null without any', () => {
    assert.equal(meanOf([0.2, null, 0.4]), 0.30000000000000004);
    assert.equal(meanOf([null]), null);
  });
});
