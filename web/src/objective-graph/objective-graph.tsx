/**
 * Draws a course's objectives as a layered prerequisite graph: each level is an objective's
 * longest prerequisite depth, and each arrow points from a prerequisite to what builds on it.
 * The drawing fits the width it is given (see `graph-geometry.ts`). Objectives are
 * keyboard-focusable; choosing one highlights everything it builds on.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Objective, Prerequisite } from '../api/api-types';
import { NODE_HEIGHT, NODE_WIDTH, edgeKey, layoutGraph } from './graph-geometry';
import { ancestorsOf, layerObjectives } from './layer-objectives';

interface ObjectiveGraphProps {
  objectives: readonly Objective[];
  prerequisites: readonly Prerequisite[];
  /** The highlighted objective, if any. */
  selectedId?: string | null;
  /** Called when an objective is clicked or chosen with Enter/Space. */
  onSelect?: (objectiveId: string) => void;
  /** Optional second line per objective, e.g. "4 resources". */
  describe?: (objective: Objective) => string | undefined;
  /** Optional tone per objective (e.g. mastery), added as the class `graph-node-tone-<tone>`. */
  tone?: (objective: Objective) => string | undefined;
}

/** Room for a title line inside a box, in pixels (12px padding each side). */
const LINE_WIDTH = NODE_WIDTH - 24;
/** Must match `.graph-node-title` in styles.css. */
const TITLE_FONT_SIZE = '13px';
const TITLE_FONT_WEIGHT = '600';
/** Width assumed before the container has been measured. */
const DEFAULT_WIDTH = 960;

export function ObjectiveGraph(props: ObjectiveGraphProps) {
  const { objectives, prerequisites, selectedId = null, onSelect, describe, tone } = props;
  const markerId = useId();
  const [scrollRef, availableWidth] = useMeasuredWidth();
  const layout = useMemo(
    () => layerObjectives(objectives, prerequisites),
    [objectives, prerequisites],
  );
  const geometry = useMemo(
    () => layoutGraph(layout.layers, layout.essentialEdges, availableWidth),
    [layout, availableWidth],
  );
  const byId = useMemo(() => new Map(objectives.map((o) => [o.id, o])), [objectives]);
  const fits = useMemo(() => titleFitter(), []);
  const highlighted = useMemo(
    () => (selectedId === null ? new Set<string>() : ancestorsOf(selectedId, layout.edges)),
    [selectedId, layout.edges],
  );

  if (objectives.length === 0) {
    return <p className="muted">This course has no learning objectives yet.</p>;
  }

  const titlesOf = (ids: Iterable<string>) =>
    [...ids].flatMap((id) => {
      const title = byId.get(id)?.title;
      return title === undefined ? [] : [title];
    });
  const directPrerequisites = (id: string) =>
    titlesOf(layout.edges.filter((e) => e.objectiveId === id).map((e) => e.prerequisiteId));
  const selected = selectedId === null ? undefined : byId.get(selectedId);

  const onKeyDown = (event: KeyboardEvent<SVGGElement>, id: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect?.(id);
    }
  };

  return (
    <figure className="objective-graph">
      <div className="objective-graph-scroll" ref={scrollRef}>
        <svg
          width={geometry.width}
          height={geometry.height}
          viewBox={`0 0 ${geometry.width} ${geometry.height}`}
          role="group"
          aria-label={`Objective map: ${objectives.length} objectives in ${layout.layers.length} levels`}
        >
          <defs>
            {(['idle', 'active'] as const).map((kind) => (
              <marker
                key={kind}
                id={`${markerId}-${kind}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="9"
                markerHeight="9"
                markerUnits="userSpaceOnUse"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" className={`graph-arrowhead-${kind}`} />
              </marker>
            ))}
          </defs>
          {geometry.levelLabels.map((label, level) => (
            <text
              key={level}
              className="graph-level-label"
              x={label.x}
              y={label.y}
              textAnchor={label.anchor}
              aria-hidden="true"
            >
              {`Level ${level + 1}`}
            </text>
          ))}
          <g aria-hidden="true">
            {/* Highlighted edges last, so they are drawn over the others. */}
            {[...layout.essentialEdges]
              .map((edge) => ({
                edge,
                active:
                  highlighted.has(edge.prerequisiteId) &&
                  (edge.objectiveId === selectedId || highlighted.has(edge.objectiveId)),
              }))
              .sort((a, b) => Number(a.active) - Number(b.active))
              .map(({ edge, active }) => {
                const path = geometry.edgePaths.get(edgeKey(edge));
                return path === undefined ? null : (
                  <path
                    key={edgeKey(edge)}
                    className={active ? 'graph-edge graph-edge-active' : 'graph-edge'}
                    d={path}
                    markerEnd={`url(#${markerId}-${active ? 'active' : 'idle'})`}
                  />
                );
              })}
          </g>
          {layout.layers.flat().map((id) => {
            const objective = byId.get(id);
            const at = geometry.boxes.get(id);
            if (!objective || !at) {
              return null;
            }
            const lines = wrapTitle(objective.title, fits);
            const note = describe?.(objective);
            const toneClass = tone?.(objective);
            const requires = directPrerequisites(id);
            const state =
              id === selectedId ? 'selected' : highlighted.has(id) ? 'prerequisite' : 'idle';
            const label = [
              objective.title,
              `level ${(layout.layerOf.get(id) ?? 0) + 1}`,
              requires.length > 0 ? `builds on ${requires.join(', ')}` : 'no prerequisites',
              note,
            ]
              .filter(Boolean)
              .join('; ');
            return (
              <g
                key={id}
                className={`graph-node graph-node-${state}${toneClass ? ` graph-node-tone-${toneClass}` : ''}`}
                transform={`translate(${at.x} ${at.y})`}
                {...(onSelect
                  ? {
                      role: 'button',
                      tabIndex: 0,
                      'aria-pressed': id === selectedId,
                      onClick: () => onSelect(id),
                      onKeyDown: (event: KeyboardEvent<SVGGElement>) => onKeyDown(event, id),
                    }
                  : { role: 'img' })}
                aria-label={label}
                data-objective-id={id}
              >
                <title>{objective.title}</title>
                <rect
                  x="-4"
                  y="-4"
                  width={NODE_WIDTH + 8}
                  height={NODE_HEIGHT + 8}
                  rx="13"
                  className="graph-node-focus-ring"
                />
                <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx="10" className="graph-node-box" />
                <text
                  className="graph-node-title"
                  x="12"
                  y={note ? 22 : lines.length > 1 ? 27 : 36}
                >
                  {lines.map((line, i) => (
                    <tspan key={i} x="12" dy={i === 0 ? 0 : 16}>
                      {line}
                    </tspan>
                  ))}
                </text>
                {note ? (
                  <text className="graph-node-note" x="12" y={NODE_HEIGHT - 10}>
                    {note}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className="objective-graph-caption">
        <span>
          Read {geometry.direction}: each arrow leads from a prerequisite to what builds on it
          {layout.essentialEdges.length < layout.edges.length
            ? '; links implied by a longer chain are not drawn.'
            : '.'}
        </span>
        <span role="status" aria-live="polite" className="objective-graph-selection">
          {selected
            ? describeSelection(selected.title, directPrerequisites(selected.id), highlighted.size)
            : onSelect
              ? 'Choose an objective to highlight everything it builds on.'
              : ''}
        </span>
      </figcaption>
    </figure>
  );
}

/** A ref for an element and its current content width, kept up to date as it resizes. */
function useMeasuredWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return undefined;
    }
    const measure = () => {
      const { clientWidth } = element;
      if (clientWidth > 0) {
        setWidth(clientWidth);
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

function describeSelection(title: string, direct: readonly string[], leadingUp: number): string {
  if (direct.length === 0) {
    return `${title} has no prerequisites.`;
  }
  const more = leadingUp - direct.length;
  return `${title} builds directly on ${joinTitles(direct)}${
    more > 0 ? `, and on ${more} more before them` : ''
  } (highlighted).`;
}

function joinTitles(titles: readonly string[]): string {
  if (titles.length <= 1) {
    return titles.join('');
  }
  return `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}

/**
 * Whether a line of title text fits a box. SVG text does not wrap, so lines are measured with
 * a canvas in the page's font; without a canvas, about 7.8px per character is assumed.
 */
function titleFitter(): (line: string) => boolean {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) {
    return (line) => line.length * 7.8 <= LINE_WIDTH;
  }
  const family = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
  context.font = `${TITLE_FONT_WEIGHT} ${TITLE_FONT_SIZE} ${family}`;
  return (line) => context.measureText(line).width <= LINE_WIDTH;
}

/** Splits a title into at most two lines that fit, ending in "…" if cut. */
function wrapTitle(title: string, fits: (line: string) => boolean): string[] {
  const words = title.trim().split(/\s+/);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current === '' || fits(candidate)) {
      current = candidate;
    } else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') {
    lines.push(current);
  }
  const [first, ...rest] = lines;
  if (first === undefined) {
    return [];
  }
  // Whatever does not fit on the first line goes on the second, cut short if need be.
  return rest.length === 0 ? [clip(first, fits)] : [clip(first, fits), clip(rest.join(' '), fits)];
}

/** Shortens a line until it fits, marking the cut with "…". */
function clip(line: string, fits: (line: string) => boolean): string {
  if (fits(line)) {
    return line;
  }
  let kept = line;
  while (kept.length > 1 && !fits(`${kept}…`)) {
    kept = kept.slice(0, -1);
  }
  return `${kept.trimEnd()}…`;
}
