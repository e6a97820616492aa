/**
 * Learner features, kept current one event at a time (O(1) per event) and summarised on read.
 *
 * The stored state keeps lifetime counters, the last 10 answer outcomes, and per-day activity
 * buckets for the last 28 days (UTC days). From them:
 * - attempts, accuracy, recentAccuracy (last 10 answers);
 * - avgTimeOnTaskMs7d: mean time per answered item over the last 7 days;
 * - videoCompletionRate: videos completed / videos started (distinct content ids, lifetime);
 * - forumPosts, forumPosts7d;
 * - sessionsPerWeek: sessions started over the last 28 days / 4;
 * - contentTypePreference: the share of each content type among completed content (a video
 *   completed, a reading or interactive viewed for at least 30 s, an item answered), with
 *   exponential forgetting (half-life 20 completions), so it reflects what the student actually
 *   finishes, not a declared "learning style";
 * - engagementTrend: (active minutes in the last 7 days − the 7 before) / max(both, 1), in
 *   [−1, 1]: negative when activity falls against the student's own baseline.
 */
import type { ContentType } from '../course-package/course-package-schema.js';
import type { LearningEvent } from '../events/learning-event.js';

const DAYS_KEPT = 28;
const RECENT_ANSWERS = 10;
const PREFERENCE_DECAY = Math.pow(0.5, 1 / 20);
const MIN_VIEW_MS = 30_000;
const MAX_TRACKED_VIDEOS = 500;

interface DayBucket {
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
  events: number;
  activeMs: number;
  answers: number;
  answerMs: number;
  posts: number;
  sessions: number;
}

/** The stored, incrementally updated state (JSON-serialisable). */
export interface LearnerFeatureState {
  version: 1;
  attempts: number;
  correct: number;
  hintsUsed: number;
  recent: number[];
  videosStarted: string[];
  videosCompleted: string[];
  forumPosts: number;
  sessions: number;
  preference: Partial<Record<ContentType, number>>;
  days: DayBucket[];
  lastActivityAt: string | null;
}

/** The features as the API and the recommender read them. */
export interface LearnerFeatures {
  attempts: number;
  accuracy: number | null;
  recentAccuracy: number | null;
  hintsPerAttempt: number | null;
  avgTimeOnTaskMs7d: number | null;
  videoCompletionRate: number | null;
  forumPosts: number;
  forumPosts7d: number;
  sessionsPerWeek: number;
  contentTypePreference: Partial<Record<ContentType, number>>;
  engagementTrend: number;
  activeDays7d: number;
  lastActivityAt: string | null;
}

export function emptyLearnerFeatureState(): LearnerFeatureState {
  return {
    version: 1,
    attempts: 0,
    correct: 0,
    hintsUsed: 0,
    recent: [],
    videosStarted: [],
    videosCompleted: [],
    forumPosts: 0,
    sessions: 0,
    preference: {},
    days: [],
    lastActivityAt: null,
  };
}

const dayOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);
const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

function bucketFor(state: LearnerFeatureState, day: string): DayBucket {
  let bucket = state.days.find((d) => d.day === day);
  if (!bucket) {
    bucket = { day, events: 0, activeMs: 0, answers: 0, answerMs: 0, posts: 0, sessions: 0 };
    state.days.push(bucket);
    state.days.sort((a, b) => (a.day < b.day ? -1 : 1));
    const newest = dayNumber(state.days[state.days.length - 1]?.day ?? day);
    state.days = state.days.filter((d) => newest - dayNumber(d.day) < DAYS_KEPT);
  }
  return bucket;
}

function addPreference(state: LearnerFeatureState, type: ContentType): void {
  for (const key of Object.keys(state.preference) as ContentType[]) {
    state.preference[key] = (state.preference[key] ?? 0) * PREFERENCE_DECAY;
  }
  state.preference[type] = (state.preference[type] ?? 0) + 1;
}

function remember(list: string[], id: string): void {
  if (!list.includes(id)) {
    list.push(id);
    if (list.length > MAX_TRACKED_VIDEOS) {
      list.shift();
    }
  }
}

/**
 * Applies one event to the state, in place. `contentTypeOf` gives the type of a content id
 * (for content_viewed). Events may arrive slightly out of order; buckets are per day.
 */
export function applyEventToFeatures(
  state: LearnerFeatureState,
  event: LearningEvent,
  contentTypeOf: (contentId: string) => ContentType | undefined,
): void {
  const bucket = bucketFor(state, dayOf(event.timestamp));
  bucket.events++;
  if (!state.lastActivityAt || event.timestamp > state.lastActivityAt) {
    state.lastActivityAt = event.timestamp;
  }
  switch (event.type) {
    case 'item_attempted':
      state.attempts++;
      state.correct += event.correct ? 1 : 0;
      state.hintsUsed += event.hintsUsed;
      state.recent.push(event.correct ? 1 : 0);
      if (state.recent.length > RECENT_ANSWERS) {
        state.recent.shift();
      }
      bucket.answers++;
      bucket.answerMs += event.durationMs;
      bucket.activeMs += event.durationMs;
      addPreference(state, 'assessment_item');
      break;
    case 'video_started':
      remember(state.videosStarted, event.contentId);
      break;
    case 'video_progressed':
      break;
    case 'video_completed':
      remember(state.videosStarted, event.contentId);
      if (!state.videosCompleted.includes(event.contentId)) {
        addPreference(state, 'video');
      }
      remember(state.videosCompleted, event.contentId);
      bucket.activeMs += event.durationSeconds * 1000;
      break;
    case 'content_viewed': {
      bucket.activeMs += event.durationMs;
      const type = contentTypeOf(event.contentId);
      if (type && event.durationMs >= MIN_VIEW_MS) {
        addPreference(state, type);
      }
      break;
    }
    case 'hint_requested':
      break;
    case 'forum_posted':
      state.forumPosts++;
      bucket.posts++;
      break;
    case 'session_started':
      state.sessions++;
      bucket.sessions++;
      break;
    case 'session_ended':
      break;
  }
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
const round = (v: number | null, digits = 4) => (v === null ? null : Number(v.toFixed(digits)));

/** Summarises the state as of `now`. */
export function summariseLearnerFeatures(state: LearnerFeatureState, now: Date): LearnerFeatures {
  const today = Math.floor(now.getTime() / 86_400_000);
  const within = (days: number, from = 0) =>
    state.days.filter((d) => {
      const age = today - dayNumber(d.day);
      return age >= from && age < from + days;
    });
  const last7 = within(7);
  const prev7 = within(7, 7);
  const sum = (list: DayBucket[], key: keyof Omit<DayBucket, 'day'>) =>
    list.reduce((n, d) => n + d[key], 0);
  const minutes7 = sum(last7, 'activeMs') / 60_000;
  const minutesPrev7 = sum(prev7, 'activeMs') / 60_000;
  const totalPreference = Object.values(state.preference).reduce((n, v) => n + v, 0);
  return {
    attempts: state.attempts,
    accuracy: round(ratio(state.correct, state.attempts)),
    recentAccuracy: round(
      ratio(
        state.recent.reduce((n, v) => n + v, 0),
        state.recent.length,
      ),
    ),
    hintsPerAttempt: round(ratio(state.hintsUsed, state.attempts)),
    avgTimeOnTaskMs7d: round(ratio(sum(last7, 'answerMs'), sum(last7, 'answers')), 0),
    videoCompletionRate: round(ratio(state.videosCompleted.length, state.videosStarted.length)),
    forumPosts: state.forumPosts,
    forumPosts7d: sum(last7, 'posts'),
    sessionsPerWeek: round(sum(within(DAYS_KEPT), 'sessions') / (DAYS_KEPT / 7), 2) ?? 0,
    contentTypePreference: Object.fromEntries(
      Object.entries(state.preference).map(([k, v]) => [k, round(v / totalPreference) ?? 0]),
    ),
    engagementTrend: round((minutes7 - minutesPrev7) / Math.max(minutes7, minutesPrev7, 1), 3) ?? 0,
    activeDays7d: last7.filter((d) => d.events > 0).length,
    lastActivityAt: state.lastActivityAt,
  };
}
