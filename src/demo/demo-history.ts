/**
 * Synthetic learner history for the demo course: a few weeks of sessions per student, with
 * videos, readings, hints, item attempts and the odd forum post. Pure: time and randomness come
 * in through `now` and `rng`, so the same inputs always give the same events.
 *
 * Each student has a latent ability and, per objective, a latent mastered/not-mastered state that
 * evolves like Bayesian Knowledge Tracing: every practice opportunity flips an unmastered
 * objective to mastered with probability P(learn); a mastered student still slips (≈0.1) and an
 * unmastered one still guesses right (≈0.2).
 *
 * Parameterized numeric items are drawn with math.js: `await loadExpressionEngine()` (from
 * `domain/course-package/numeric-item.ts`) before calling `generateDemoHistory`.
 */
import type {
  ContentEntry,
  CoursePackage,
  ItemSpec,
} from '../domain/course-package/course-package-schema.js';
import {
  drawNumericVariant,
  numericResponseMatches,
  type NumericVariant,
} from '../domain/course-package/numeric-item.js';
import type { LearningEvent } from '../domain/events/learning-event.js';
import { topologicalOrder } from '../domain/prerequisite-graph/prerequisite-graph.js';
import { pick, randomInt, randomNormal, type Rng } from '../domain/random.js';
import { demoProfileOf, type DemoProfile } from './demo-students.js';

export {
  DEMO_REFERENCE_YEAR,
  DEMO_STUDENT_NAMES,
  DEMO_UNDER_13_INDICES,
  demoBirthDate,
  demoProfileOf,
  type DemoProfile,
  type DemoStudentName,
} from './demo-students.js';

export interface DemoHistoryProps {
  pkg: CoursePackage;
  /** Student ids (uuids); a student's roster index is its position here. */
  students: readonly string[];
  /** Maps a content key or an objective key to its database id (a uuid). */
  contentIdOf: (key: string) => string;
  /** Course id (uuid). */
  courseId: string;
  /** Section id (uuid) of each student. */
  sectionOf: (studentId: string) => string;
  /** Seeded randomness, uniform in [0, 1). */
  rng: Rng;
  /** The history ends at this instant. */
  now: Date;
  /** The history spans the `days` days before `now`. */
  days: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How each profile behaves; probabilities in [0, 1]. */
interface ProfileTraits {
  /** Mean latent ability (theta, standard normal scale). */
  ability: number;
  /** Chance of a session on any given day. */
  sessionRate: number;
  /** Roughly how many events the student produces over the whole history. */
  targetEvents: number;
  watchVideo: number;
  readReading: number;
  askHint: number;
  retryAfterWrong: number;
  forumPerSession: number;
  /** Multiplies the time spent on an item. */
  pace: number;
}

const TRAITS: Record<DemoProfile, ProfileTraits> = {
  strong: {
    ability: 1.1,
    sessionRate: 0.6,
    targetEvents: 300,
    watchVideo: 0.55,
    readReading: 0.6,
    askHint: 0.15,
    retryAfterWrong: 0.6,
    forumPerSession: 0.12,
    pace: 0.8,
  },
  average: {
    ability: 0,
    sessionRate: 0.45,
    targetEvents: 250,
    watchVideo: 0.5,
    readReading: 0.45,
    askHint: 0.3,
    retryAfterWrong: 0.45,
    forumPerSession: 0.1,
    pace: 1,
  },
  struggling: {
    ability: -1.1,
    sessionRate: 0.5,
    targetEvents: 290,
    watchVideo: 0.65,
    readReading: 0.4,
    askHint: 0.5,
    retryAfterWrong: 0.7,
    forumPerSession: 0.15,
    pace: 1.4,
  },
  disengaged: {
    ability: -0.3,
    sessionRate: 0.5,
    targetEvents: 170,
    watchVideo: 0.35,
    readReading: 0.25,
    askHint: 0.25,
    retryAfterWrong: 0.3,
    forumPerSession: 0.05,
    pace: 1,
  },
  guesser: {
    ability: -0.5,
    sessionRate: 0.45,
    targetEvents: 220,
    watchVideo: 0.15,
    readReading: 0.1,
    askHint: 0.05,
    retryAfterWrong: 0.8,
    forumPerSession: 0.02,
    pace: 1,
  },
};

/** BKT guess and slip, nudged by item difficulty so harder items are a little harder. */
const GUESS = 0.2;
const SLIP = 0.1;

const FORUM_TEMPLATES: readonly ((lesson: string) => string)[] = [
  (t) => `Does anyone have a trick for "${t}"? The reading helped but I still mix things up.`,
  (t) => `I finally get "${t}" after watching the video twice!`,
  (t) => `The worked example in the "${t}" reading was really clear.`,
  (t) => `Can someone explain the second hint in the "${t}" practice? I am stuck on it.`,
  (t) => `Tip for "${t}": draw a fraction bar first, it makes it much easier to see.`,
  (t) => `In "${t}", is it OK to simplify at the end instead of at the start?`,
  (t) => `The "${t}" questions got easier once I checked my answers with a quick estimate.`,
];

interface Unit {
  key: string;
  title: string;
  video?: ContentEntry;
  reading?: ContentEntry;
  interactive?: ContentEntry;
  /** Items, easiest first. */
  items: ContentEntry[];
}

function unitsOf(pkg: CoursePackage): Map<string, Unit> {
  const units = new Map<string, Unit>(
    pkg.objectives.map((o) => [o.key, { key: o.key, title: o.title, items: [] }]),
  );
  for (const c of pkg.content) {
    const primary = c.objectives[0];
    const unit = primary === undefined ? undefined : units.get(primary);
    if (!unit) {
      continue;
    }
    switch (c.type) {
      case 'video':
        unit.video ??= c;
        break;
      case 'reading':
        unit.reading ??= c;
        break;
      case 'interactive':
        unit.interactive ??= c;
        break;
      case 'assessment_item':
        if (c.item) {
          unit.items.push(c);
        }
        break;
    }
  }
  for (const u of units.values()) {
    u.items.sort((a, b) => (a.difficulty ?? 0.5) - (b.difficulty ?? 0.5));
  }
  return units;
}

/** A topological order of the objectives, with ties broken differently per student. */
function studentOrder(pkg: CoursePackage, rng: Rng): string[] {
  const jittered = pkg.objectives
    .map((o, i) => ({ key: o.key, rank: i + rng() * 4 }))
    .sort((a, b) => a.rank - b.rank)
    .map((o) => o.key);
  const edges = pkg.objectives.flatMap((o) =>
    (o.prerequisites ?? []).map((p) => ({ objectiveId: o.key, prerequisiteId: p })),
  );
  const sorted = topologicalOrder(jittered, edges);
  return 'order' in sorted ? sorted.order : pkg.objectives.map((o) => o.key);
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** A wrong numeric response near the right one, never within tolerance. */
function wrongNumber(rng: Rng, variant: NumericVariant): number {
  const { answer, tolerance } = variant;
  let wrong =
    Number.isInteger(answer) && tolerance < 0.5
      ? answer + pick(rng, [-2, -1, 1, 1, 2, 10])
      : round2(answer + pick(rng, [-1, 1]) * (0.1 + rng() * 0.4));
  if (numericResponseMatches(wrong, variant)) {
    wrong = answer + 1 + tolerance * 2;
  }
  return wrong;
}

/** What a student types when right: the rounded value a person would enter. */
function rightNumber(variant: NumericVariant): number {
  if (variant.tolerance > 0) {
    const typed = round2(variant.answer);
    if (numericResponseMatches(typed, variant)) {
      return typed;
    }
  }
  return variant.answer;
}

const normalize = (s: string) => s.trim().toLowerCase();

/** A plausible wrong short-text answer: a near miss of the first accepted answer. */
function wrongText(rng: Rng, accepted: readonly string[]): string {
  const first = accepted[0] ?? '';
  const candidates: string[] = [];
  let m = /^(\d+) (\d+)\/(\d+)$/.exec(first);
  if (m) {
    candidates.push(`${Number(m[1]) + 1} ${m[2]}/${m[3]}`, `${m[1]} ${m[3]}/${m[2]}`);
  }
  m = /^(\d+)\/(\d+)$/.exec(first);
  if (m) {
    candidates.push(`${Number(m[1]) + 1}/${m[2]}`, `${m[1]}/${Number(m[2]) + Number(m[1])}`);
  }
  m = /^(\d+):(\d+)$/.exec(first);
  if (m) {
    candidates.push(`${m[2]}:${m[1]}`, `${Number(m[1]) * 2}:${m[2]}`);
  }
  if (first.includes(',')) {
    candidates.push(
      first
        .split(',')
        .map((s) => s.trim())
        .reverse()
        .join(', '),
    );
  }
  if (/^\d+%?$/.test(first)) {
    candidates.push(first.replace(/\d+/, (d) => String(Number(d) + 5)));
  }
  candidates.push('1/2', 'not sure');
  const ok = new Set(accepted.map(normalize));
  const wrong = candidates.filter((c) => !ok.has(normalize(c)));
  return wrong.length > 0 ? pick(rng, wrong.slice(0, 2)) : 'not sure';
}

interface Answer {
  response: string | number | string[];
  correct: boolean;
}

/** A response of the given correctness, consistent with the item's answer key. */
function respond(rng: Rng, item: ItemSpec, wantCorrect: boolean): Answer {
  switch (item.format) {
    case 'multiple_choice': {
      const right = item.answer.correct;
      const wrong = item.choices.map((c) => c.id).filter((id) => !right.includes(id));
      if (wantCorrect || wrong.length === 0) {
        return { response: [...right], correct: true };
      }
      return { response: [pick(rng, wrong)], correct: false };
    }
    case 'numeric': {
      const variant = drawNumericVariant(item, rng);
      if (!variant) {
        throw new Error(
          'cannot draw a numeric item variant: await loadExpressionEngine() before generateDemoHistory()',
        );
      }
      const response = wantCorrect ? rightNumber(variant) : wrongNumber(rng, variant);
      return { response, correct: numericResponseMatches(response, variant) };
    }
    case 'short_text': {
      const accepted = item.answer.accepted;
      if (wantCorrect) {
        return {
          response: rng() < 0.85 ? (accepted[0] as string) : pick(rng, accepted),
          correct: true,
        };
      }
      return { response: wrongText(rng, accepted), correct: false };
    }
  }
}

/** Per-objective state of one student. */
interface ObjectiveState {
  mastered: boolean;
  studied: boolean;
  attempts: number;
  streak: number;
  nextItem: number;
}

/** Generates one student's events; times are ms since the epoch. */
class StudentSimulation {
  private readonly events: { at: number; event: LearningEvent }[] = [];
  private readonly traits: ProfileTraits;
  private readonly ability: number;
  private readonly pLearn: number;
  private readonly state = new Map<string, ObjectiveState>();
  private readonly stuckOn: string | undefined;
  private position = 0;
  private sessionId: string | undefined;
  private seq = 0;
  private readonly attemptsOf = new Map<string, number>();

  constructor(
    private readonly ctx: {
      props: DemoHistoryProps;
      units: Map<string, Unit>;
      index: number;
      studentId: string;
      profile: DemoProfile;
      order: string[];
    },
  ) {
    const rng = ctx.props.rng;
    this.traits = TRAITS[ctx.profile];
    this.ability = this.traits.ability + randomNormal(rng) * 0.25;
    this.pLearn = clamp(0.22 + 0.12 * this.ability, 0.05, 0.45);
    const prior = clamp(0.15 + 0.12 * this.ability, 0.02, 0.4);
    for (const key of ctx.order) {
      this.state.set(key, {
        mastered: rng() < prior,
        studied: false,
        attempts: 0,
        streak: 0,
        nextItem: 0,
      });
    }
    this.stuckOn =
      ctx.profile === 'struggling'
        ? ctx.order[randomInt(rng, 2, Math.min(4, ctx.order.length - 1))]
        : undefined;
    if (this.stuckOn) {
      (this.state.get(this.stuckOn) as ObjectiveState).mastered = false;
    }
  }

  private get rng(): Rng {
    return this.ctx.props.rng;
  }

  private common(at: number) {
    const { props, studentId, index } = this.ctx;
    return {
      id: `demo-${index}-${this.seq++}`,
      studentId,
      courseId: props.courseId,
      sectionId: props.sectionOf(studentId),
      ...(this.sessionId ? { sessionId: this.sessionId } : {}),
      timestamp: new Date(at).toISOString(),
    };
  }

  private emit(at: number, event: LearningEvent): void {
    this.events.push({ at, event });
  }

  /** Runs the whole history and returns the events with their times. */
  run(): { at: number; event: LearningEvent }[] {
    const { props, profile } = this.ctx;
    const rng = this.rng;
    const start = props.now.getTime() - props.days * DAY;
    const lastDay = profile === 'disengaged' ? Math.max(1, props.days - 8) : props.days;
    const days: number[] = [];
    for (let d = 0; d < lastDay; d++) {
      // Disengaged students fade out before they stop.
      const rate =
        profile === 'disengaged'
          ? this.traits.sessionRate * (1.2 - d / lastDay)
          : this.traits.sessionRate;
      if (rng() < rate) {
        days.push(d);
      }
    }
    if (days.length === 0) {
      days.push(randomInt(rng, 0, lastDay - 1));
    }
    const target = this.traits.targetEvents * (0.85 + rng() * 0.3);
    const perSession = target / days.length;
    days.forEach((d, k) => {
      const dayStart = start + d * DAY;
      const begin = dayStart + 13 * HOUR + Math.floor(rng() * 7 * HOUR);
      const budget = Math.max(6, Math.round(perSession * (0.7 + rng() * 0.6)));
      this.session(`demo-${this.ctx.index}-s${k}`, begin, dayStart + 22 * HOUR, budget);
    });
    return this.events;
  }

  private session(sessionId: string, begin: number, deadline: number, budget: number): void {
    const rng = this.rng;
    this.sessionId = sessionId;
    this.emit(begin, { ...this.common(begin), type: 'session_started' });
    let t = begin + randomInt(rng, 2, 20) * SECOND;
    const startCount = this.events.length;
    let posted = rng() >= this.traits.forumPerSession;
    while (this.events.length - startCount < budget && t < deadline) {
      t = this.step(t);
      if (!posted) {
        t = this.forumPost(t);
        posted = true;
      }
      t += randomInt(rng, 3, 40) * SECOND;
    }
    // An activity may run past the deadline; the margin to midnight absorbs it.
    const end = t + SECOND;
    this.emit(end, { ...this.common(end), type: 'session_ended' });
    this.sessionId = undefined;
  }

  private currentObjective(): string {
    const order = this.ctx.order;
    if (this.position < order.length) {
      return order[this.position] as string;
    }
    // Everything visited: review earlier objectives.
    return pick(this.rng, order);
  }

  /** One activity on the current objective; returns the time after it. */
  private step(t: number): number {
    const key = this.currentObjective();
    const unit = this.ctx.units.get(key);
    const st = this.state.get(key);
    if (!unit || !st) {
      this.position++;
      return t;
    }
    if (!st.studied) {
      st.studied = true;
      return this.study(unit, st, t);
    }
    return this.practise(unit, st, t);
  }

  private learn(st: ObjectiveState, key: string, factor: number): void {
    const p = key === this.stuckOn ? 0.01 : this.pLearn * factor;
    if (!st.mastered && this.rng() < p) {
      st.mastered = true;
    }
  }

  private study(unit: Unit, st: ObjectiveState, t: number): number {
    const rng = this.rng;
    const { contentIdOf } = this.ctx.props;
    const quick = this.ctx.profile === 'guesser';
    if (unit.video && rng() < this.traits.watchVideo) {
      const contentId = contentIdOf(unit.video.key);
      const durationSeconds = unit.video.media?.durationSeconds ?? 240;
      const watched = rng() < 0.6 ? 1 : 0.2 + rng() * 0.7;
      this.emit(t, {
        ...this.common(t),
        type: 'video_started',
        contentId,
        positionSeconds: 0,
        durationSeconds,
      });
      for (const mark of [0.25, 0.5, 0.75]) {
        if (mark <= watched) {
          const at = t + Math.round(mark * durationSeconds * SECOND);
          this.emit(at, {
            ...this.common(at),
            type: 'video_progressed',
            contentId,
            positionSeconds: Math.round(mark * durationSeconds),
            durationSeconds,
          });
        }
      }
      const position = Math.round(watched * durationSeconds);
      t += position * SECOND + SECOND;
      if (watched >= 1) {
        this.emit(t, {
          ...this.common(t),
          type: 'video_completed',
          contentId,
          positionSeconds: durationSeconds,
          durationSeconds,
        });
      }
      this.learn(st, unit.key, 0.6 * watched);
      t += randomInt(rng, 5, 30) * SECOND;
    }
    for (const [entry, chance] of [
      [unit.reading, this.traits.readReading],
      [unit.interactive, this.traits.readReading * 0.8],
    ] as const) {
      if (entry && rng() < chance) {
        const minutes = entry.media?.estimatedMinutes ?? 4;
        const durationMs = quick
          ? randomInt(rng, 4, 20) * SECOND
          : Math.round(minutes * MINUTE * (0.4 + rng()));
        this.emit(t, {
          ...this.common(t),
          type: 'content_viewed',
          contentId: this.ctx.props.contentIdOf(entry.key),
          durationMs,
        });
        t += durationMs + randomInt(rng, 5, 30) * SECOND;
        this.learn(st, unit.key, quick ? 0.05 : 0.5);
      }
    }
    return t;
  }

  private practise(unit: Unit, st: ObjectiveState, t: number): number {
    const rng = this.rng;
    const entry = unit.items[st.nextItem % Math.max(1, unit.items.length)];
    st.nextItem++;
    if (!entry?.item) {
      this.position++;
      return t;
    }
    const itemId = this.ctx.props.contentIdOf(entry.key);
    const difficulty = entry.difficulty ?? 0.5;
    const guesser = this.ctx.profile === 'guesser';
    for (let tries = 0; tries < 3; tries++) {
      const attempt = (this.attemptsOf.get(entry.key) ?? 0) + 1;
      this.attemptsOf.set(entry.key, attempt);
      let hintsUsed = 0;
      const hintCount = entry.hints?.length ?? 0;
      if (!guesser && hintCount > 0 && !st.mastered && rng() < this.traits.askHint) {
        hintsUsed = randomInt(rng, 1, hintCount);
        for (let h = 0; h < hintsUsed; h++) {
          t += randomInt(rng, 8, 40) * SECOND;
          this.emit(t, { ...this.common(t), type: 'hint_requested', itemId, hintIndex: h });
        }
      }
      let pCorrect: number;
      let durationMs: number;
      if (guesser) {
        pCorrect = entry.item.format === 'multiple_choice' ? 1 / entry.item.choices.length : 0.1;
        durationMs = randomInt(rng, 1500, 5000);
      } else {
        const slip = SLIP * (0.5 + difficulty);
        const guess = clamp(GUESS * (1.4 - 0.8 * difficulty) + 0.1 * hintsUsed, 0, 0.6);
        pCorrect = st.mastered ? 1 - slip : guess;
        const base = entry.item.format === 'multiple_choice' ? 25 : 45;
        const jitter = Math.exp(randomNormal(rng) * 0.35);
        durationMs = Math.round(
          clamp(base * (0.5 + difficulty) * this.traits.pace * jitter, 4, 600) * SECOND,
        );
      }
      const answer = respond(rng, entry.item, rng() < pCorrect);
      t += durationMs;
      this.emit(t, {
        ...this.common(t),
        type: 'item_attempted',
        itemId,
        response: answer.response,
        correct: answer.correct,
        score: answer.correct ? 1 : 0,
        durationMs,
        hintsUsed,
        attempt,
      });
      st.attempts++;
      st.streak = answer.correct ? st.streak + 1 : 0;
      this.learn(st, unit.key, 1);
      if (answer.correct || rng() >= this.traits.retryAfterWrong) {
        break;
      }
      t += randomInt(rng, 2, 15) * SECOND;
    }
    // A wheel-spinning student keeps going until they give up; lucky streaks do not end it.
    const spinning = unit.key === this.stuckOn && !st.mastered;
    const limit = spinning ? 28 : Math.max(8, unit.items.length + 2);
    if ((st.streak >= 3 && !spinning) || st.attempts >= limit) {
      this.position++;
    }
    return t;
  }

  private forumPost(t: number): number {
    const rng = this.rng;
    const key = this.currentObjective();
    const unit = this.ctx.units.get(key);
    if (!unit) {
      return t;
    }
    const about = unit.reading ?? unit.video;
    t += randomInt(rng, 30, 180) * SECOND;
    this.emit(t, {
      ...this.common(t),
      type: 'forum_posted',
      text: pick(rng, FORUM_TEMPLATES)(unit.title),
      ...(about ? { contentId: this.ctx.props.contentIdOf(about.key) } : {}),
    });
    return t;
  }
}

/**
 * Generates the synthetic history of every student, sorted by timestamp. Event ids are
 * `demo-<student index>-<n>`, unique and stable for the same inputs; every timestamp lies in
 * [now − days, now]. Requires `loadExpressionEngine()` to have completed; throws otherwise.
 */
export function generateDemoHistory(props: DemoHistoryProps): LearningEvent[] {
  const units = unitsOf(props.pkg);
  const all: { at: number; index: number; n: number; event: LearningEvent }[] = [];
  props.students.forEach((studentId, index) => {
    const order = studentOrder(props.pkg, props.rng);
    const sim = new StudentSimulation({
      props,
      units,
      index,
      studentId,
      profile: demoProfileOf(index),
      order,
    });
    sim.run().forEach(({ at, event }, n) => all.push({ at, index, n, event }));
  });
  all.sort((a, b) => a.at - b.at || a.index - b.index || a.n - b.n);
  return all.map((e) => e.event);
}
