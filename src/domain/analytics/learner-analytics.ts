/**
 * The analytics agent's per-learner fold (docs/ANALYTICS.md): one state per student and course,
 * updated one learning event at a time, and what the instructor dashboard reads from it.
 *
 * - activity: the last activity, and per UTC day (last 28 days) the events and answers;
 * - completion: distinct videos started and completed;
 * - mastery per objective: the current P(mastered), the answers, whether the mastery threshold
 *   was ever reached, and the last values (for a declining trend);
 * - the mastery history: a trajectory point whenever P(mastered) moves by `POINT_STEP` or more
 *   since the last point, or on the first answer of a new UTC day, so it stays bounded;
 * - content-use windows for content effectiveness: after the first use of a content item
 *   (video started or completed, or content viewed), the change of P(mastered) on each of its
 *   objectives over the student's next `WINDOW_ATTEMPTS` answers on it; and a practice window
 *   over the first answers on an objective for students who used none of its content first.
 *
 * Pure: no clock, no IO. Time comes in with the events and as arguments.
 */
import type { LearningEvent } from '../events/learning-event.js';

/** A trajectory point is kept when P(mastered) moved at least this much since the last one. */
export const POINT_STEP = 0.02;
/** Answers on the objective a content-use window follows. */
export const WINDOW_ATTEMPTS = 5;
/** The key of the practice (no content used) window of an objective. */
export const PRACTICE_WINDOW = 'practice';
const DAYS_KEPT = 28;
const RECENT_VALUES = 6;
const MAX_TRACKED_VIDEOS = 500;

interface DayCount {
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
  events: number;
  answers: number;
}

interface ObjectiveTrack {
  /** Current P(mastered), in [0, 1]. */
  p: number;
  answers: number;
  everMastered: boolean;
  /** The last P(mastered) values, oldest first (the value before the first answer included). */
  recent: number[];
  /** The last trajectory point kept. */
  lastPointAt: string;
  lastPointP: number;
}

/** An open content-use (or practice) window on one objective. */
export interface ContentWindow {
  /** A content id, or `PRACTICE_WINDOW`. */
  key: string;
  objectiveId: string;
  usedAt: string;
  /** P(mastered) before the first answer in the window; null until that answer. */
  pStart: number | null;
  pEnd: number | null;
  /** Answers on the objective since the use, 0..WINDOW_ATTEMPTS. */
  answers: number;
}

/** The stored, incrementally updated state (JSON-serialisable). */
export interface LearnerAnalyticsState {
  version: 1;
  lastActiveAt: string | null;
  days: DayCount[];
  videosStarted: string[];
  videosCompleted: string[];
  objectives: Record<string, ObjectiveTrack>;
  /** Windows still counting answers. */
  open: ContentWindow[];
  /** `key/objectiveId` of every window ever opened (first use only). */
  opened: string[];
}

/** What the dashboard reads: small, one row per student and course. */
export interface LearnerSummary {
  lastActiveAt: string | null;
  /** Last 28 days: [day, events, answers]. */
  days: [string, number, number][];
  videosStarted: number;
  videosCompleted: number;
  /** Per objective: [P(mastered), answers, ever mastered (0/1), drop over the last 5 answers, falling steps]. */
  objectives: Record<string, [number, number, number, number, number]>;
}

export interface MasteryPoint {
  objectiveId: string;
  at: string;
  pMastery: number;
}

/** One answer's mastery change on an objective, `before` resolved to the prior when first. */
export interface MasteryChange {
  objectiveId: string;
  before: number;
  after: number;
}

export interface AnalyticsInput {
  event: LearningEvent;
  /** For an answer: the change on each objective of the item. */
  mastery: readonly MasteryChange[];
  /** For content use: the objectives the content is tagged with. */
  contentObjectives: readonly string[];
  /** The course's mastery threshold. */
  threshold: number;
}

export interface AnalyticsOutput {
  points: MasteryPoint[];
  /** Windows opened or advanced by this event, to upsert. */
  windows: ContentWindow[];
}

export function emptyLearnerAnalyticsState(): LearnerAnalyticsState {
  return {
    version: 1,
    lastActiveAt: null,
    days: [],
    videosStarted: [],
    videosCompleted: [],
    objectives: {},
    open: [],
    opened: [],
  };
}

const dayOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);
const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
const later = (a: string | null, b: string) =>
  a === null || Date.parse(b) > Date.parse(a) ? b : a;

function countDay(state: LearnerAnalyticsState, day: string, answers: number): void {
  let bucket = state.days.find((d) => d.day === day);
  if (!bucket) {
    bucket = { day, events: 0, answers: 0 };
    state.days.push(bucket);
    state.days.sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
    const newest = dayNumber(state.days[state.days.length - 1]?.day ?? day);
    state.days = state.days.filter((d) => newest - dayNumber(d.day) < DAYS_KEPT);
  }
  bucket.events += 1;
  bucket.answers += answers;
}

function remember(list: string[], id: string): void {
  if (!list.includes(id)) {
    list.push(id);
    if (list.length > MAX_TRACKED_VIDEOS) {
      list.shift();
    }
  }
}

function openWindow(
  state: LearnerAnalyticsState,
  key: string,
  objectiveId: string,
  at: string,
  out: AnalyticsOutput,
): void {
  const id = `${key}/${objectiveId}`;
  if (state.opened.includes(id)) {
    return;
  }
  state.opened.push(id);
  const w: ContentWindow = { key, objectiveId, usedAt: at, pStart: null, pEnd: null, answers: 0 };
  state.open.push(w);
  out.windows.push({ ...w });
}

/**
 * Applies one event to the state (mutated in place) and returns the trajectory points and
 * window rows it produced.
 */
export function applyEventToAnalytics(
  state: LearnerAnalyticsState,
  input: AnalyticsInput,
): AnalyticsOutput {
  const out: AnalyticsOutput = { points: [], windows: [] };
  const { event } = input;
  const at = event.timestamp;
  state.lastActiveAt = later(state.lastActiveAt, at);
  countDay(state, dayOf(at), event.type === 'item_attempted' ? 1 : 0);
  if (event.type === 'video_started' || event.type === 'video_completed') {
    remember(state.videosStarted, event.contentId);
  }
  if (event.type === 'video_completed') {
    remember(state.videosCompleted, event.contentId);
  }
  if (
    event.type === 'video_started' ||
    event.type === 'video_completed' ||
    event.type === 'content_viewed'
  ) {
    for (const o of input.contentObjectives) {
      openWindow(state, event.contentId, o, at, out);
    }
  }
  if (event.type === 'item_attempted') {
    for (const change of input.mastery) {
      applyAnswer(state, change, at, input.threshold, out);
    }
  }
  return out;
}

function applyAnswer(
  state: LearnerAnalyticsState,
  change: MasteryChange,
  at: string,
  threshold: number,
  out: AnalyticsOutput,
): void {
  const o = change.objectiveId;
  let track = state.objectives[o];
  if (!track) {
    // Practice baseline: the first answers of a student who used none of this objective's content.
    if (!state.opened.some((id) => id.endsWith(`/${o}`))) {
      openWindow(state, PRACTICE_WINDOW, o, at, out);
    }
    track = {
      p: change.before,
      answers: 0,
      everMastered: change.before >= threshold,
      recent: [change.before],
      lastPointAt: at,
      lastPointP: change.before,
    };
    state.objectives[o] = track;
    // The prior, 1 ms before the first answer (the points are keyed by time).
    out.points.push({
      objectiveId: o,
      at: new Date(Date.parse(at) - 1).toISOString(),
      pMastery: round(change.before),
    });
  }
  track.p = change.after;
  track.answers += 1;
  track.everMastered ||= change.after >= threshold;
  track.recent.push(change.after);
  if (track.recent.length > RECENT_VALUES) {
    track.recent.shift();
  }
  if (
    Math.abs(change.after - track.lastPointP) >= POINT_STEP ||
    dayOf(track.lastPointAt) !== dayOf(at)
  ) {
    track.lastPointAt = at;
    track.lastPointP = change.after;
    const point = { objectiveId: o, at, pMastery: round(change.after) };
    const same = out.points.findIndex((p) => p.objectiveId === o && p.at === at);
    if (same >= 0) {
      out.points[same] = point;
    } else {
      out.points.push(point);
    }
  }
  state.open = state.open.filter((w) => {
    if (w.objectiveId !== o) {
      return true;
    }
    w.pStart ??= change.before;
    w.pEnd = change.after;
    w.answers += 1;
    out.windows.push({ ...w });
    return w.answers < WINDOW_ATTEMPTS;
  });
}

const round = (p: number) => Number(p.toFixed(6));

/** The compact summary the dashboard reads. */
export function summariseLearnerAnalytics(state: LearnerAnalyticsState): LearnerSummary {
  const objectives: LearnerSummary['objectives'] = {};
  for (const [id, t] of Object.entries(state.objectives)) {
    const last = t.recent.slice(-RECENT_VALUES);
    let falling = 0;
    for (let i = 1; i < last.length; i++) {
      if ((last[i] as number) < (last[i - 1] as number)) {
        falling += 1;
      }
    }
    const drop = last.length >= 2 ? (last[0] as number) - (last[last.length - 1] as number) : 0;
    objectives[id] = [round(t.p), t.answers, t.everMastered ? 1 : 0, round(drop), falling];
  }
  return {
    lastActiveAt: state.lastActiveAt,
    days: state.days.map((d) => [d.day, d.events, d.answers]),
    videosStarted: state.videosStarted.length,
    videosCompleted: state.videosCompleted.length,
    objectives,
  };
}
