/**
 * Turns layers of objectives into drawing coordinates. Shallow graphs that fit the available
 * width flow left to right, one column per level; all others flow top to bottom, one band per
 * level, and a level wider than the space wraps onto extra rows inside its band. Edges leave and
 * enter boxes at spread-out ports, ordered by where their other end is, so they do not bunch up.
 */
import type { LayerEdge } from './layer-objectives';

/** Box size and spacing, in SVG pixels. */
export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 64;
const PAD = 12;
/** Left-to-right flow: gap between level columns and between boxes in a column. */
const COLUMN_GAP = 64;
const STACK_GAP = 16;
/** Height reserved above the columns for their labels. */
const HEADER = 28;
/** Top-to-bottom flow: gap between level bands, between rows of a wrapped band, and between boxes. */
const LEVEL_GAP = 44;
const WRAP_GAP = 18;
const SIBLING_GAP = 16;
/** Width reserved at the left of each band for its label. */
const GUTTER = 64;

export interface Point {
  x: number;
  y: number;
}

export interface GraphGeometry {
  width: number;
  height: number;
  direction: 'left to right' | 'top to bottom';
  /** Top-left corner of each objective's box. */
  boxes: Map<string, Point>;
  /** Where each level's label goes, and how it is anchored. */
  levelLabels: (Point & { anchor: 'middle' | 'start' })[];
  /** SVG path data per edge, keyed `${prerequisiteId}>${objectiveId}`. */
  edgePaths: Map<string, string>;
}

export const edgeKey = (edge: LayerEdge) => `${edge.prerequisiteId}>${edge.objectiveId}`;

/**
 * @param layers objective ids per level, as from `layerObjectives`
 * @param edges the edges to route
 * @param availableWidth pixels the drawing may use before it has to scroll
 */
export function layoutGraph(
  layers: readonly (readonly string[])[],
  edges: readonly LayerEdge[],
  availableWidth: number,
): GraphGeometry {
  const widest = Math.max(0, ...layers.map((layer) => layer.length));
  const acrossWidth = PAD * 2 + layers.length * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP;
  const geometry =
    layers.length <= widest && acrossWidth <= availableWidth
      ? placeAcross(layers, widest)
      : placeDown(layers, widest, availableWidth);
  return { ...geometry, edgePaths: routeEdges(geometry.boxes, edges, geometry.direction) };
}

type Placement = Omit<GraphGeometry, 'edgePaths'>;

function placeAcross(layers: readonly (readonly string[])[], widest: number): Placement {
  const pitch = NODE_HEIGHT + STACK_GAP;
  const boxes = new Map<string, Point>();
  layers.forEach((layer, level) => {
    const offset = ((widest - layer.length) * pitch) / 2;
    layer.forEach((id, i) => {
      boxes.set(id, {
        x: PAD + level * (NODE_WIDTH + COLUMN_GAP),
        y: PAD + HEADER + offset + i * pitch,
      });
    });
  });
  return {
    width: PAD * 2 + layers.length * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP,
    height: PAD * 2 + HEADER + widest * pitch - STACK_GAP,
    direction: 'left to right',
    boxes,
    levelLabels: layers.map((_, level) => ({
      x: PAD + level * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH / 2,
      y: PAD + 12,
      anchor: 'middle',
    })),
  };
}

function placeDown(
  layers: readonly (readonly string[])[],
  widest: number,
  availableWidth: number,
): Placement {
  const pitch = NODE_WIDTH + SIBLING_GAP;
  const fitting = Math.floor((availableWidth - PAD * 2 - GUTTER + SIBLING_GAP) / pitch);
  const perRow = Math.max(1, Math.min(widest, fitting));
  const boxes = new Map<string, Point>();
  const levelLabels: Placement['levelLabels'] = [];
  let y = PAD;
  for (const layer of layers) {
    const rows = splitRows(layer, perRow);
    const bandTop = y;
    rows.forEach((row, r) => {
      const offset = ((perRow - row.length) * pitch) / 2;
      row.forEach((id, i) => boxes.set(id, { x: PAD + GUTTER + offset + i * pitch, y }));
      y += NODE_HEIGHT + (r < rows.length - 1 ? WRAP_GAP : LEVEL_GAP);
    });
    const bandHeight = y - LEVEL_GAP - bandTop;
    levelLabels.push({ x: PAD, y: bandTop + bandHeight / 2 + 4, anchor: 'start' });
  }
  return {
    width: PAD * 2 + GUTTER + perRow * pitch - SIBLING_GAP,
    height: layers.length === 0 ? PAD * 2 : y - LEVEL_GAP + PAD,
    direction: 'top to bottom',
    boxes,
    levelLabels,
  };
}

/**
 * Splits a level into rows of at most `perRow`, alternating full and one-shorter rows so that
 * consecutive rows are staggered and edges to the lower row pass between the upper row's boxes.
 */
function splitRows(layer: readonly string[], perRow: number): string[][] {
  if (layer.length <= perRow) {
    return [[...layer]];
  }
  const rows: string[][] = [];
  let start = 0;
  let full = true;
  while (start < layer.length) {
    const size = full || perRow === 1 ? perRow : perRow - 1;
    rows.push(layer.slice(start, start + size));
    start += size;
    full = !full;
  }
  return rows;
}

/** Cubic curves between spread-out ports: bottom to top when flowing down, right to left across. */
function routeEdges(
  boxes: Map<string, Point>,
  edges: readonly LayerEdge[],
  direction: GraphGeometry['direction'],
): Map<string, string> {
  const down = direction === 'top to bottom';
  const across = (p: Point) => (down ? p.x : p.y);
  const outgoing = new Map<string, LayerEdge[]>();
  const incoming = new Map<string, LayerEdge[]>();
  for (const edge of edges) {
    if (boxes.has(edge.prerequisiteId) && boxes.has(edge.objectiveId)) {
      outgoing.set(edge.prerequisiteId, [...(outgoing.get(edge.prerequisiteId) ?? []), edge]);
      incoming.set(edge.objectiveId, [...(incoming.get(edge.objectiveId) ?? []), edge]);
    }
  }
  const crossOf = (id: string) => {
    const box = boxes.get(id);
    return box ? across(box) : 0;
  };
  /** Fraction along the box side where the edge attaches, in (0, 1). */
  const portOf = (
    list: LayerEdge[] | undefined,
    edge: LayerEdge,
    otherEnd: (e: LayerEdge) => string,
  ) => {
    const sorted = [...(list ?? [edge])].sort(
      (a, b) => crossOf(otherEnd(a)) - crossOf(otherEnd(b)),
    );
    return (sorted.indexOf(edge) + 1) / (sorted.length + 1);
  };

  const paths = new Map<string, string>();
  for (const edge of edges) {
    const from = boxes.get(edge.prerequisiteId);
    const to = boxes.get(edge.objectiveId);
    if (!from || !to) {
      continue;
    }
    const out = portOf(outgoing.get(edge.prerequisiteId), edge, (e) => e.objectiveId);
    const into = portOf(incoming.get(edge.objectiveId), edge, (e) => e.prerequisiteId);
    if (down) {
      const x1 = from.x + NODE_WIDTH * out;
      const y1 = from.y + NODE_HEIGHT;
      const x2 = to.x + NODE_WIDTH * into;
      const y2 = to.y - 2;
      const bend = Math.max(LEVEL_GAP / 2, (y2 - y1) / 3);
      paths.set(
        edgeKey(edge),
        `M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 - bend}, ${x2} ${y2}`,
      );
    } else {
      const x1 = from.x + NODE_WIDTH;
      const y1 = from.y + NODE_HEIGHT * out;
      const x2 = to.x - 2;
      const y2 = to.y + NODE_HEIGHT * into;
      const bend = Math.max(COLUMN_GAP / 2, (x2 - x1) / 3);
      paths.set(
        edgeKey(edge),
        `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
      );
    }
  }
  return paths;
}
