/**
 * A course precomputed for recommending: objectives in topological order with their content
 * (lessons, and items sorted by difficulty), dependants, and per content the union of the
 * prerequisites of its objectives (what the evaluator checks). Built once per course version
 * (the service caches it per catalog object, so a course change rebuilds it); a recommendation
 * then touches only the objectives and a few content entries per candidate objective.
 */
import type { ContentType } from '../course-package/course-package-schema.js';
import { formatGuess } from '../knowledge-tracing/item-format-evidence.js';
import { ancestorsAndSelf } from '../prerequisite-graph/readiness.js';
import { topologicalOrder } from '../prerequisite-graph/prerequisite-graph.js';
import type { CatalogContent, CatalogObjective } from './catalog.js';

export interface IndexedObjective extends CatalogObjective {
  /** Index in the topological order. */
  order: number;
  /** Videos, readings and interactives, in that order. */
  lessons: CatalogContent[];
  /** Assessment items: those tagged with this objective first, then the others; easiest first. */
  items: CatalogContent[];
  /**
   * The same items, most informative first within each group: the lowest guess implied by the
   * item's format (`formatGuess`: a numeric or short-text answer before a two-choice one; items
   * without a format last), then easiest first. Used to confirm an objective that has evidence.
   */
  itemsByEvidence: CatalogContent[];
  dependants: string[];
}

export interface CourseIndex {
  threshold: number;
  /** Topological order (prerequisites first; ties by course position). */
  objectives: IndexedObjective[];
  byId: Map<string, IndexedObjective>;
  content: Map<string, CatalogContent>;
  /** Per content id: every prerequisite of every objective it is tagged with. */
  requires: Map<string, readonly string[]>;
  /** The goal and its ancestors, memoised per goal. */
  pathTo(goal: string): ReadonlySet<string>;
}

const LESSON_ORDER: Partial<Record<ContentType, number>> = { video: 0, reading: 1, interactive: 2 };

export function buildCourseIndex(catalog: {
  objectives: readonly CatalogObjective[];
  content: Iterable<CatalogContent>;
  threshold: number;
}): CourseIndex {
  const sorted = [...catalog.objectives].sort((a, b) => a.position - b.position);
  const edges = sorted.flatMap((o) =>
    o.prerequisiteIds.map((q) => ({ objectiveId: o.id, prerequisiteId: q })),
  );
  const topo = topologicalOrder(
    sorted.map((o) => o.id),
    edges,
  );
  const orderIds = 'order' in topo ? topo.order : sorted.map((o) => o.id);
  const source = new Map(sorted.map((o) => [o.id, o]));
  const objectives: IndexedObjective[] = orderIds.map((id, order) => ({
    ...(source.get(id) as CatalogObjective),
    order,
    lessons: [],
    items: [],
    itemsByEvidence: [],
    dependants: [],
  }));
  const byId = new Map(objectives.map((o) => [o.id, o]));
  for (const e of edges) {
    byId.get(e.prerequisiteId)?.dependants.push(e.objectiveId);
  }
  const content = new Map<string, CatalogContent>();
  const requires = new Map<string, readonly string[]>();
  for (const c of catalog.content) {
    content.set(c.id, c);
    const needs = new Set<string>();
    for (const oid of c.objectiveIds) {
      const o = byId.get(oid);
      if (!o) {
        continue;
      }
      for (const q of o.prerequisiteIds) {
        needs.add(q);
      }
      (c.type === 'assessment_item' ? o.items : o.lessons).push(c);
    }
    requires.set(c.id, [...needs]);
  }
  for (const o of objectives) {
    // Items that primarily assess this objective (tagged with it first) before items of another
    // objective that also touch it; each group easiest first.
    const primary = (c: CatalogContent) => (c.objectiveIds[0] === o.id ? 0 : 1);
    o.items.sort(
      (x, y) => primary(x) - primary(y) || (x.difficulty ?? 0.5) - (y.difficulty ?? 0.5),
    );
    const guess = (c: CatalogContent) => (c.format ? (formatGuess(c.format) ?? 1) : 1);
    o.itemsByEvidence = [...o.items].sort(
      (x, y) =>
        primary(x) - primary(y) ||
        guess(x) - guess(y) ||
        (x.difficulty ?? 0.5) - (y.difficulty ?? 0.5),
    );
    o.lessons.sort((x, y) => (LESSON_ORDER[x.type] ?? 3) - (LESSON_ORDER[y.type] ?? 3));
  }
  const paths = new Map<string, ReadonlySet<string>>();
  return {
    threshold: catalog.threshold,
    objectives,
    byId,
    content,
    requires,
    pathTo(goal) {
      let set = paths.get(goal);
      if (!set) {
        set = ancestorsAndSelf(goal, (id) => byId.get(id)?.prerequisiteIds ?? []);
        paths.set(goal, set);
      }
      return set;
    },
  };
}
