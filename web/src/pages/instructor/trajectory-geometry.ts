/**
 * Geometry of the mastery trajectory chart: one objective's P(mastered) over time as an SVG
 * step line, with time and probability ticks and the mastery threshold. Pure; the component
 * only draws what this returns.
 */
import type { MasteryPoint } from '../../api/api-types';

export interface ChartBox {
  width: number;
  height: number;
  /** Space for the axes' labels. */
  margin: { top: number; right: number; bottom: number; left: number };
}

export const DEFAULT_CHART_BOX: ChartBox = {
  width: 640,
  height: 240,
  margin: { top: 12, right: 16, bottom: 32, left: 44 },
};

export interface ChartPoint {
  x: number;
  y: number;
  at: string;
  pMastery: number;
}

export interface Tick {
  /** Position along its axis, in SVG units. */
  position: number;
  label: string;
}

export interface TrajectoryGeometry {
  box: ChartBox;
  points: ChartPoint[];
  /** The `d` of the line: steps, since P(mastered) holds until the next answer moves it. */
  path: string;
  xTicks: Tick[];
  yTicks: Tick[];
  /** The y of the mastery threshold line; null without a threshold. */
  thresholdY: number | null;
}

const MS_PER_DAY = 86_400_000;

/**
 * Lays out the points of one objective, oldest first. `now` ends the time axis (the line runs
 * flat from the last point to now); `formatDay` labels the day ticks (locale-dependent, so the
 * caller passes it).
 */
export function buildTrajectory(props: {
  points: readonly MasteryPoint[];
  /** The end of the time axis, in epoch ms. */
  now: number;
  /** P(mastered) above which an objective counts as mastered, or null. */
  threshold: number | null;
  formatDay: (epochMs: number) => string;
  box?: ChartBox;
}): TrajectoryGeometry {
  const box = props.box ?? DEFAULT_CHART_BOX;
  const { top, right, bottom, left } = box.margin;
  const plotWidth = box.width - left - right;
  const plotHeight = box.height - top - bottom;
  const sorted = [...props.points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const first = sorted[0] ? Date.parse(sorted[0].at) : props.now - MS_PER_DAY;
  const start = Math.min(first, props.now - MS_PER_DAY);
  const end = Math.max(props.now, start + MS_PER_DAY);
  const x = (ms: number) => left + ((ms - start) / (end - start)) * plotWidth;
  const y = (p: number) => top + (1 - Math.min(1, Math.max(0, p))) * plotHeight;
  const round = (n: number) => Math.round(n * 10) / 10;

  const points = sorted.map((point) => ({
    x: round(x(Date.parse(point.at))),
    y: round(y(point.pMastery)),
    at: point.at,
    pMastery: point.pMastery,
  }));
  let path = '';
  points.forEach((point, index) => {
    const previous = points[index - 1];
    path += previous ? ` H${point.x} V${point.y}` : `M${point.x} ${point.y}`;
  });
  const last = points[points.length - 1];
  if (last) {
    path += ` H${round(x(end))}`;
  }

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((p) => ({
    position: round(y(p)),
    label: `${p * 100}%`,
  }));
  return {
    box,
    points,
    path,
    xTicks: dayTicks(start, end, 6).map((ms) => ({
      position: round(x(ms)),
      label: props.formatDay(ms),
    })),
    yTicks,
    thresholdY: props.threshold === null ? null : round(y(props.threshold)),
  };
}

/**
 * At most `maxTicks` ticks at UTC midnights between start and end, evenly spaced in whole days.
 */
export function dayTicks(start: number, end: number, maxTicks: number): number[] {
  const firstMidnight = Math.ceil(start / MS_PER_DAY) * MS_PER_DAY;
  if (firstMidnight > end || maxTicks < 1) {
    return [];
  }
  const days = Math.floor((end - firstMidnight) / MS_PER_DAY) + 1;
  const step = Math.max(1, Math.ceil(days / maxTicks));
  const ticks: number[] = [];
  for (let t = firstMidnight; t <= end; t += step * MS_PER_DAY) {
    ticks.push(t);
  }
  return ticks;
}

/** The objectives that have points, with their latest P(mastered), most recently moved first. */
export function objectivesWithHistory(
  points: readonly MasteryPoint[],
): { objectiveId: string; latest: number; lastAt: string; count: number }[] {
  const byObjective = new Map<
    string,
    { objectiveId: string; latest: number; lastAt: string; count: number }
  >();
  for (const point of points) {
    const entry = byObjective.get(point.objectiveId);
    if (!entry) {
      byObjective.set(point.objectiveId, {
        objectiveId: point.objectiveId,
        latest: point.pMastery,
        lastAt: point.at,
        count: 1,
      });
      continue;
    }
    entry.count += 1;
    if (Date.parse(point.at) >= Date.parse(entry.lastAt)) {
      entry.latest = point.pMastery;
      entry.lastAt = point.at;
    }
  }
  return [...byObjective.values()].sort(
    (a, b) =>
      Date.parse(b.lastAt) - Date.parse(a.lastAt) || a.objectiveId.localeCompare(b.objectiveId),
  );
}
