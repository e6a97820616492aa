/**
 * The prerequisite graph: a DAG over learning objectives where an edge `prerequisite -> objective`
 * means the prerequisite should be mastered before the objective is learned.
 */

/** An edge: `prerequisiteId` must be mastered before `objectiveId`. */
export interface PrerequisiteEdge {
  objectiveId: string;
  prerequisiteId: string;
}

/** Adjacency from each node to the nodes that require it (prerequisite -> dependants). */
function dependantsOf(edges: readonly PrerequisiteEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.prerequisiteId);
    if (list) {
      list.push(e.objectiveId);
    } else {
      out.set(e.prerequisiteId, [e.objectiveId]);
    }
  }
  return out;
}

/**
 * If adding `candidate` to `edges` would close a cycle, returns that cycle as a list of
 * objective ids starting and ending at the same node, in prerequisite order
 * (e.g. `[a, b, c, a]` means a before b before c before a). Otherwise returns null.
 */
export function findCycleThrough(
  edges: readonly PrerequisiteEdge[],
  candidate: PrerequisiteEdge,
): string[] | null {
  if (candidate.objectiveId === candidate.prerequisiteId) {
    return [candidate.prerequisiteId, candidate.objectiveId];
  }
  // A cycle exists iff the prerequisite is already reachable from the objective.
  const next = dependantsOf(edges);
  const parent = new Map<string, string>();
  const stack = [candidate.objectiveId];
  const seen = new Set(stack);
  while (stack.length > 0) {
    const node = stack.pop() as string;
    if (node === candidate.prerequisiteId) {
      const path = [node];
      let cursor = node;
      while (cursor !== candidate.objectiveId) {
        cursor = parent.get(cursor) as string;
        path.push(cursor);
      }
      path.reverse(); // objective ... prerequisite
      return [candidate.prerequisiteId, ...path];
    }
    for (const n of next.get(node) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        parent.set(n, node);
        stack.push(n);
      }
    }
  }
  return null;
}

/**
 * Orders nodes so every prerequisite comes before its dependants (Kahn's algorithm, ties broken
 * by the given node order). Returns `{ order }`, or `{ cycle }` naming one cycle when the graph
 * is not a DAG.
 */
export function topologicalOrder(
  nodes: readonly string[],
  edges: readonly PrerequisiteEdge[],
): { order: string[] } | { cycle: string[] } {
  const indegree = new Map<string, number>(nodes.map((n) => [n, 0]));
  for (const e of edges) {
    indegree.set(e.objectiveId, (indegree.get(e.objectiveId) ?? 0) + 1);
  }
  const next = dependantsOf(edges);
  const ready = nodes.filter((n) => indegree.get(n) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const node = ready[i] as string;
    order.push(node);
    for (const d of next.get(node) ?? []) {
      const left = (indegree.get(d) ?? 0) - 1;
      indegree.set(d, left);
      if (left === 0) {
        ready.push(d);
      }
    }
  }
  if (order.length === indegree.size) {
    return { order };
  }
  // Some node is on a cycle; walk back through unfinished prerequisites until one repeats.
  const done = new Set(order);
  const prereqsOf = new Map<string, string[]>();
  for (const e of edges) {
    if (!done.has(e.objectiveId) && !done.has(e.prerequisiteId)) {
      prereqsOf.set(e.objectiveId, [...(prereqsOf.get(e.objectiveId) ?? []), e.prerequisiteId]);
    }
  }
  let node = [...indegree.keys()].find((n) => !done.has(n) && prereqsOf.has(n)) as string;
  const walk: string[] = [];
  const at = new Map<string, number>();
  while (!at.has(node)) {
    at.set(node, walk.length);
    walk.push(node);
    node = (prereqsOf.get(node) as string[])[0] as string;
  }
  const cycle = walk.slice(at.get(node)).reverse();
  return { cycle: [...cycle, cycle[0] as string] };
}
