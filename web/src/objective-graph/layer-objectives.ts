/**
 * Lays out a prerequisite graph in layers for drawing. An objective's layer is its longest
 * prerequisite depth: objectives with no prerequisites are layer 0, and every other objective
 * sits one layer after its deepest prerequisite, so every edge points to a later layer.
 * Within a layer, objectives start in course order (`position`) and are then reordered by the
 * barycenter heuristic (Sugiyama et al., 1981) to reduce crossing edges.
 */

export interface LayerNode {
  id: string;
  /** Course order; ties are broken by id. */
  position: number;
}

export interface LayerEdge {
  objectiveId: string;
  prerequisiteId: string;
}

export interface ObjectiveLayers {
  /** Layers from no prerequisites onwards; each lists objective ids top to bottom. */
  layers: string[][];
  /** Layer index of each objective. */
  layerOf: Map<string, number>;
  /** The edges drawn: only those between known objectives, without duplicates or self-loops. */
  edges: LayerEdge[];
  /** Edges left out because they would close a cycle (the server rejects cycles; kept defensive). */
  cyclicEdges: LayerEdge[];
  /**
   * The transitive reduction of `edges`: those not implied by a longer path (a→c is implied by
   * a→b→c). Drawing only these keeps dense maps legible without changing what they say.
   */
  essentialEdges: LayerEdge[];
}

/** Crossing-reduction passes; each sweeps forwards then backwards. */
const SWEEPS = 4;

export function layerObjectives(
  nodes: readonly LayerNode[],
  prerequisites: readonly LayerEdge[],
): ObjectiveLayers {
  const ordered = [...nodes].sort(
    (a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const known = new Set(ordered.map((n) => n.id));
  const rank = new Map(ordered.map((n, i) => [n.id, i]));

  const seen = new Set<string>();
  const candidates: LayerEdge[] = [];
  for (const edge of prerequisites) {
    const id = `${edge.prerequisiteId}\u0000${edge.objectiveId}`;
    if (
      known.has(edge.objectiveId) &&
      known.has(edge.prerequisiteId) &&
      edge.objectiveId !== edge.prerequisiteId &&
      !seen.has(id)
    ) {
      seen.add(id);
      candidates.push({ objectiveId: edge.objectiveId, prerequisiteId: edge.prerequisiteId });
    }
  }

  const { order, edges, cyclicEdges } = orderTopologically(
    ordered.map((n) => n.id),
    candidates,
  );

  const prerequisitesOf = groupBy(
    edges,
    (e) => e.objectiveId,
    (e) => e.prerequisiteId,
  );
  const dependantsOf = groupBy(
    edges,
    (e) => e.prerequisiteId,
    (e) => e.objectiveId,
  );

  const layerOf = new Map<string, number>();
  for (const id of order) {
    let layer = 0;
    for (const p of prerequisitesOf.get(id) ?? []) {
      layer = Math.max(layer, (layerOf.get(p) ?? 0) + 1);
    }
    layerOf.set(id, layer);
  }

  const layerCount = order.length === 0 ? 0 : Math.max(...layerOf.values()) + 1;
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  for (const id of ordered.map((n) => n.id)) {
    layers[layerOf.get(id) ?? 0]?.push(id);
  }

  reduceCrossings({ layers, prerequisitesOf, dependantsOf, rank });
  const essentialEdges = reduceTransitively(order, edges, dependantsOf);
  return { layers, layerOf, edges, cyclicEdges, essentialEdges };
}

/** Keeps an edge p→o unless o is also reachable from another dependant of p. */
function reduceTransitively(
  order: readonly string[],
  edges: readonly LayerEdge[],
  dependantsOf: Map<string, string[]>,
): LayerEdge[] {
  // Descendants of each objective, filled in reverse topological order so dependants come first.
  const descendants = new Map<string, Set<string>>();
  for (const id of [...order].reverse()) {
    const reach = new Set<string>();
    for (const d of dependantsOf.get(id) ?? []) {
      reach.add(d);
      for (const further of descendants.get(d) ?? []) {
        reach.add(further);
      }
    }
    descendants.set(id, reach);
  }
  return edges.filter(
    (edge) =>
      !(dependantsOf.get(edge.prerequisiteId) ?? []).some(
        (other) =>
          other !== edge.objectiveId && (descendants.get(other)?.has(edge.objectiveId) ?? false),
      ),
  );
}

/**
 * Kahn's algorithm with ties broken by course order. If some objectives are left on a cycle,
 * the edge into the earliest of them is dropped until the rest can be ordered.
 */
function orderTopologically(
  ids: readonly string[],
  candidates: readonly LayerEdge[],
): { order: string[]; edges: LayerEdge[]; cyclicEdges: LayerEdge[] } {
  let edges = [...candidates];
  const cyclicEdges: LayerEdge[] = [];
  for (;;) {
    const indegree = new Map(ids.map((id) => [id, 0]));
    for (const e of edges) {
      indegree.set(e.objectiveId, (indegree.get(e.objectiveId) ?? 0) + 1);
    }
    const dependants = groupBy(
      edges,
      (e) => e.prerequisiteId,
      (e) => e.objectiveId,
    );
    const order: string[] = [];
    const done = new Set<string>();
    // Repeatedly take the earliest objective (in course order) whose prerequisites are all placed.
    for (;;) {
      const next = ids.find((id) => !done.has(id) && indegree.get(id) === 0);
      if (next === undefined) {
        break;
      }
      done.add(next);
      order.push(next);
      for (const d of dependants.get(next) ?? []) {
        indegree.set(d, (indegree.get(d) ?? 0) - 1);
      }
    }
    if (order.length === ids.length) {
      return { order, edges, cyclicEdges };
    }
    const stuck = ids.find((id) => !done.has(id));
    const dropped = edges.find((e) => e.objectiveId === stuck && !done.has(e.prerequisiteId));
    if (dropped === undefined) {
      return { order, edges, cyclicEdges }; // unreachable: a stuck node has an unplaced prerequisite
    }
    cyclicEdges.push(dropped);
    edges = edges.filter((e) => e !== dropped);
  }
}

function reduceCrossings(props: {
  layers: string[][];
  prerequisitesOf: Map<string, string[]>;
  dependantsOf: Map<string, string[]>;
  rank: Map<string, number>;
}): void {
  const { layers, prerequisitesOf, dependantsOf, rank } = props;
  // Vertical coordinate of each objective: its index, centred so short layers sit mid-height.
  const yOf = new Map<string, number>();
  const place = (layer: string[]) =>
    layer.forEach((id, i) => yOf.set(id, i - (layer.length - 1) / 2));
  layers.forEach(place);

  const sortBy = (layer: string[], neighbours: Map<string, string[]>) => {
    const keyOf = new Map<string, number>();
    for (const id of layer) {
      const ys = (neighbours.get(id) ?? []).map((n) => yOf.get(n) ?? 0);
      keyOf.set(id, ys.length > 0 ? mean(ys) : (yOf.get(id) ?? 0));
    }
    layer.sort(
      (a, b) =>
        (keyOf.get(a) ?? 0) - (keyOf.get(b) ?? 0) || (rank.get(a) ?? 0) - (rank.get(b) ?? 0),
    );
    place(layer);
  };

  for (let sweep = 0; sweep < SWEEPS; sweep += 1) {
    for (const layer of layers.slice(1)) {
      sortBy(layer, prerequisitesOf);
    }
    for (const layer of layers.slice(0, -1).reverse()) {
      sortBy(layer, dependantsOf);
    }
  }
}

function groupBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  valueOf: (item: T) => string,
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(valueOf(item));
    } else {
      groups.set(key, [valueOf(item)]);
    }
  }
  return groups;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Every objective that must be mastered before `id`, directly or through others. */
export function ancestorsOf(id: string, edges: readonly LayerEdge[]): Set<string> {
  const prerequisitesOf = groupBy(
    edges,
    (e) => e.objectiveId,
    (e) => e.prerequisiteId,
  );
  const found = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    for (const p of prerequisitesOf.get(current) ?? []) {
      if (!found.has(p)) {
        found.add(p);
        stack.push(p);
      }
    }
  }
  return found;
}
