/**
 * The class heatmap's view model: rows (students) sorted by a chosen key, with each cell's
 * value, band and spoken text. Pure, so the sort rules are unit-tested.
 */
import type { DashboardStudent, ObjectiveRef } from '../../api/api-types';
import { describeMastery, masteryBand, type MasteryBand } from './mastery-scale';

/** What the rows are sorted by: a student column, or one objective's column. */
export type HeatmapSortKey =
  | { by: 'name' }
  | { by: 'mean' }
  | { by: 'mastered' }
  | { by: 'risk' }
  | { by: 'objective'; objectiveId: string };

export type SortDirection = 'ascending' | 'descending';

export interface HeatmapSort {
  key: HeatmapSortKey;
  direction: SortDirection;
}

export interface HeatmapCell {
  objectiveId: string;
  pMastery: number | null;
  band: MasteryBand;
  /** Visible text: whole percent, or "–". */
  text: string;
  /** Spoken text, e.g. "73% mastery". */
  label: string;
}

export interface HeatmapRow {
  student: DashboardStudent;
  /** Mean P(mastered) over the objectives with evidence; null with none. */
  mean: number | null;
  cells: HeatmapCell[];
}

/** The default: students who need attention first, then by name. */
export const DEFAULT_HEATMAP_SORT: HeatmapSort = { key: { by: 'risk' }, direction: 'descending' };

/** Mean of the non-null values; null when there are none. */
export function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value !== null && !Number.isNaN(value)) {
      sum += value;
      count += 1;
    }
  }
  return count === 0 ? null : sum / count;
}

/** Builds the rows in the order of `sort`; ties and missing values fall back to the name. */
export function buildHeatmapRows(
  objectives: readonly ObjectiveRef[],
  students: readonly DashboardStudent[],
  sort: HeatmapSort,
): HeatmapRow[] {
  const rows = students.map((student) => ({
    student,
    mean: meanOf(student.mastery),
    cells: objectives.map((objective, index) => {
      const pMastery = student.mastery[index] ?? null;
      return {
        objectiveId: objective.id,
        pMastery,
        band: masteryBand(pMastery),
        text: pMastery === null ? '–' : String(Math.round(pMastery * 100)),
        label: describeMastery(pMastery),
      };
    }),
  }));
  const byName = (a: HeatmapRow, b: HeatmapRow) =>
    a.student.name.localeCompare(b.student.name) || a.student.id.localeCompare(b.student.id);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const valueOf = sortValue(objectives, sort.key);
  return rows.sort((a, b) => {
    if (sort.key.by === 'name') {
      return sign * byName(a, b);
    }
    const va = valueOf(a);
    const vb = valueOf(b);
    // Students without evidence go last in either direction: they are not "lowest".
    if (va === null || vb === null) {
      return va === vb ? byName(a, b) : va === null ? 1 : -1;
    }
    return sign * (va - vb) || byName(a, b);
  });
}

function sortValue(
  objectives: readonly ObjectiveRef[],
  key: HeatmapSortKey,
): (row: HeatmapRow) => number | null {
  switch (key.by) {
    case 'name':
      return () => 0;
    case 'mean':
      return (row) => row.mean;
    case 'mastered':
      return (row) => row.student.masteredCount;
    case 'risk':
      return (row) => (row.student.atRisk ? 1 : 0);
    case 'objective': {
      const index = objectives.findIndex((o) => o.id === key.objectiveId);
      return (row) => (index < 0 ? null : (row.cells[index]?.pMastery ?? null));
    }
  }
}

function sameKey(a: HeatmapSortKey, b: HeatmapSortKey): boolean {
  if (a.by === 'objective' && b.by === 'objective') {
    return a.objectiveId === b.objectiveId;
  }
  return a.by === b.by;
}

/**
 * The sort after activating a column's sort button: the same column flips direction. A new
 * column starts ascending for names and objectives (the students who struggle with that
 * objective first), descending for the other numbers (at risk first, most mastered first).
 */
export function nextHeatmapSort(current: HeatmapSort, key: HeatmapSortKey): HeatmapSort {
  if (sameKey(current.key, key)) {
    return {
      key,
      direction: current.direction === 'ascending' ? 'descending' : 'ascending',
    };
  }
  const direction: SortDirection =
    key.by === 'name' || key.by === 'objective' ? 'ascending' : 'descending';
  return { key, direction };
}

/** The `aria-sort` of a column header: its direction when the table is sorted by it. */
export function ariaSortOf(current: HeatmapSort, key: HeatmapSortKey): SortDirection | 'none' {
  return sameKey(current.key, key) ? current.direction : 'none';
}

/** A sentence for the live region after sorting, e.g. "Sorted by Unit fractions, ascending." */
export function describeSort(sort: HeatmapSort, objectives: readonly ObjectiveRef[]): string {
  const column = (() => {
    switch (sort.key.by) {
      case 'name':
        return 'student name';
      case 'mean':
        return 'mean mastery';
      case 'mastered':
        return 'objectives mastered';
      case 'risk':
        return 'at risk';
      case 'objective': {
        const id = sort.key.objectiveId;
        return objectives.find((o) => o.id === id)?.title ?? 'objective';
      }
    }
  })();
  return `Sorted by ${column}, ${sort.direction}.`;
}
