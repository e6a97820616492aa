/**
 * A section's dashboard and at-risk list, computed from the students' precomputed summaries
 * (learner-analytics.ts) at read time, with `now` passed in (docs/ANALYTICS.md has the
 * definitions). Pure.
 */
import type { LearnerSummary } from './learner-analytics.js';

const DAY_MS = 86_400_000;

/** At-risk thresholds (docs/ANALYTICS.md). */
export const RISK_RULES = {
  /** Low mastery: P(mastered) below this after at least `lowMasteryAnswers` answers. */
  lowMastery: 0.4,
  lowMasteryAnswers: 5,
  /** Wheel-spinning: this many answers without ever reaching the threshold (Beck & Gong 2013). */
  wheelSpinningAnswers: 10,
  /** Declining: P(mastered) fell this much over the last 5 answers, with 4 of 5 steps down. */
  decline: 0.15,
  declineSteps: 4,
  /** Inactive: no event for this many days. */
  inactiveDays: 7,
  /** Falling activity: events in the last 7 days fell this much against the 7 before... */
  activityFall: 0.6,
  /** ...which had at least this many events. */
  activityBaseline: 10,
  /** A student is flagged `atRisk` from this risk on. */
  flag: 0.4,
} as const;

/** Each reason's weight; risk = 1 − Π(1 − weight). */
const WEIGHTS: Record<RiskCode, number> = {
  open_intervention: 0.5,
  wheel_spinning: 0.6,
  declining_mastery: 0.4,
  low_mastery: 0.35,
  inactive: 0.5,
  activity_fall: 0.3,
};

export type RiskCode =
  | 'open_intervention'
  | 'wheel_spinning'
  | 'declining_mastery'
  | 'low_mastery'
  | 'inactive'
  | 'activity_fall';

export interface RiskReason {
  code: RiskCode;
  text: string;
  objectiveId: string | null;
  since: string | null;
}

export interface SectionObjective {
  id: string;
  key: string;
  title: string;
}

export interface SectionStudent {
  id: string;
  name: string;
  summary: LearnerSummary | null;
}

/** An intervention not yet resolved, about a student of the section. */
export interface OpenIntervention {
  studentId: string;
  type: string;
  objectiveId: string | null;
  confidence: number;
  createdAt: string;
}

export interface SectionAnalyticsInput {
  objectives: readonly SectionObjective[];
  students: readonly SectionStudent[];
  interventions: readonly OpenIntervention[];
  threshold: number;
  now: Date;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
const INTERVENTION_TEXT: Record<string, string> = {
  wheel_spinning: 'many answers without reaching mastery',
  failure_run: 'a run of wrong answers below expectation',
  rapid_guessing: 'answers too fast to be read',
  hint_abuse: 'hints requested in quick succession',
  disengagement: 'falling or no activity',
  declining_mastery: 'a declining mastery trend',
};

/** The UTC day `days` before `now`, as 'YYYY-MM-DD' (day strings compare in time order). */
function dayBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
}

/** Events and answers on the days from `fromDays` (inclusive) to `toDays` (exclusive) ago. */
function sumDays(summary: LearnerSummary, now: Date, fromDays: number, toDays: number) {
  let events = 0;
  let answers = 0;
  const newest = dayBefore(now, fromDays);
  const oldest = dayBefore(now, toDays);
  for (const [day, e, a] of summary.days) {
    if (day <= newest && day > oldest) {
      events += e;
      answers += a;
    }
  }
  return { events, answers };
}

/** The reasons a student is at risk, strongest first, and the risk in [0, 1]. */
export function assessRisk(
  student: SectionStudent,
  input: Pick<SectionAnalyticsInput, 'objectives' | 'interventions' | 'threshold' | 'now'>,
): { risk: number; reasons: RiskReason[] } {
  const reasons: (RiskReason & { weight: number })[] = [];
  const titles = new Map(input.objectives.map((o) => [o.id, o.title]));
  for (const i of input.interventions) {
    if (i.studentId === student.id) {
      reasons.push({
        code: 'open_intervention',
        text: `An intervention is open: ${INTERVENTION_TEXT[i.type] ?? i.type}.`,
        objectiveId: i.objectiveId,
        since: i.createdAt,
        weight: WEIGHTS.open_intervention * Math.max(0.5, i.confidence),
      });
    }
  }
  const s = student.summary;
  if (s) {
    for (const o of input.objectives) {
      const t = s.objectives[o.id];
      if (!t) {
        continue;
      }
      const [p, answers, everMastered, drop, falling] = t;
      const title = titles.get(o.id) ?? 'an objective';
      if (answers >= RISK_RULES.wheelSpinningAnswers && everMastered === 0) {
        reasons.push({
          code: 'wheel_spinning',
          text: `${answers} answers on ${title} without reaching mastery (now ${pct(p)}).`,
          objectiveId: o.id,
          since: null,
          weight: WEIGHTS.wheel_spinning,
        });
      } else if (answers >= RISK_RULES.lowMasteryAnswers && p < RISK_RULES.lowMastery) {
        reasons.push({
          code: 'low_mastery',
          text: `Mastery of ${title} is ${pct(p)} after ${answers} answers.`,
          objectiveId: o.id,
          since: null,
          weight: WEIGHTS.low_mastery,
        });
      }
      if (drop >= RISK_RULES.decline && falling >= RISK_RULES.declineSteps) {
        reasons.push({
          code: 'declining_mastery',
          text: `Mastery of ${title} fell by ${pct(drop)} over the last answers.`,
          objectiveId: o.id,
          since: null,
          weight: WEIGHTS.declining_mastery,
        });
      }
    }
    const last = s.lastActiveAt ? Date.parse(s.lastActiveAt) : null;
    const idleDays = last === null ? null : Math.floor((input.now.getTime() - last) / DAY_MS);
    if (idleDays !== null && idleDays >= RISK_RULES.inactiveDays) {
      reasons.push({
        code: 'inactive',
        text: `No activity for ${idleDays} days.`,
        objectiveId: null,
        since: s.lastActiveAt,
        weight: WEIGHTS.inactive,
      });
    } else {
      const recent = sumDays(s, input.now, 0, 7).events;
      const before = sumDays(s, input.now, 7, 14).events;
      if (
        before >= RISK_RULES.activityBaseline &&
        (before - recent) / before >= RISK_RULES.activityFall
      ) {
        reasons.push({
          code: 'activity_fall',
          text: `Activity in the last 7 days fell by ${pct((before - recent) / before)} against the week before.`,
          objectiveId: null,
          since: null,
          weight: WEIGHTS.activity_fall,
        });
      }
    }
  }
  reasons.sort((a, b) => b.weight - a.weight);
  const risk = 1 - reasons.reduce((acc, r) => acc * (1 - r.weight), 1);
  return {
    risk: Number(risk.toFixed(4)),
    reasons: reasons.map(({ weight: _weight, ...r }) => r),
  };
}

/** The dashboard body (without ids and `updatedAt`, which the service adds). */
export function buildSectionDashboard(input: SectionAnalyticsInput) {
  const now = input.now.getTime();
  let active = 0;
  let masterySum = 0;
  let masteryCells = 0;
  let mastered = 0;
  let started = 0;
  let completed = 0;
  let attempts7 = 0;
  let events7 = 0;
  let eventsBefore = 0;
  const students = input.students.map((st) => {
    const s = st.summary;
    const mastery = input.objectives.map((o) => {
      const t = s?.objectives[o.id];
      return t ? t[0] : null;
    });
    let masteredCount = 0;
    for (const p of mastery) {
      if (p !== null) {
        masterySum += p;
        masteryCells += 1;
        if (p >= input.threshold) {
          masteredCount += 1;
        }
      }
    }
    mastered += masteredCount;
    if (s) {
      if (s.lastActiveAt && now - Date.parse(s.lastActiveAt) < 7 * DAY_MS) {
        active += 1;
      }
      started += s.videosStarted;
      completed += s.videosCompleted;
      const recent = sumDays(s, input.now, 0, 7);
      attempts7 += recent.answers;
      events7 += recent.events;
      eventsBefore += sumDays(s, input.now, 7, 14).events;
    }
    const { risk } = assessRisk(st, input);
    return {
      id: st.id,
      name: st.name,
      lastActiveAt: s?.lastActiveAt ?? null,
      masteredCount,
      atRisk: risk >= RISK_RULES.flag,
      mastery,
    };
  });
  const cells = input.students.length * input.objectives.length;
  const round4 = (x: number) => Number(x.toFixed(4));
  return {
    objectives: input.objectives.map((o) => ({ id: o.id, key: o.key, title: o.title })),
    students,
    summary: {
      students: input.students.length,
      activeLast7Days: active,
      meanMastery: masteryCells > 0 ? round4(masterySum / masteryCells) : 0,
      masteredShare: cells > 0 ? round4(mastered / cells) : 0,
      videoCompletionRate: started > 0 ? round4(completed / started) : 0,
      attemptsLast7Days: attempts7,
      engagementTrend: round4((events7 - eventsBefore) / Math.max(events7, eventsBefore, 1)),
    },
  };
}

/** The at-risk list: students with at least one reason, highest risk first. */
export function buildAtRiskList(input: SectionAnalyticsInput) {
  return input.students
    .map((st) => {
      const { risk, reasons } = assessRisk(st, input);
      return {
        studentId: st.id,
        name: st.name,
        risk,
        lastActiveAt: st.summary?.lastActiveAt ?? null,
        reasons,
      };
    })
    .filter((s) => s.reasons.length > 0)
    .sort((a, b) => b.risk - a.risk || a.studentId.localeCompare(b.studentId));
}

/** A sample's size, mean and sample standard deviation. */
export interface GainSample {
  n: number;
  mean: number;
  sd: number;
}

/**
 * The learning gain after using a content item against the practice baseline: the users' mean
 * gain with its 95% interval (normal approximation, mean ± 1.96·sd/√n), and the difference to
 * the baseline with Welch's standard error, ±1.96·√(sd₁²/n₁ + sd₂²/n₂). An interval needs 2 or
 * more in each sample; with fewer it is the point itself.
 */
export function compareGains(users: GainSample, baseline: GainSample | null) {
  const se = users.n > 1 ? users.sd / Math.sqrt(users.n) : 0;
  const round4 = (x: number) => Number(x.toFixed(4));
  const result = {
    meanGain: round4(users.mean),
    ciLow: round4(users.mean - 1.96 * se),
    ciHigh: round4(users.mean + 1.96 * se),
    baselineLearners: baseline?.n ?? 0,
    baselineGain: baseline ? round4(baseline.mean) : null,
    lift: null as number | null,
    liftCiLow: null as number | null,
    liftCiHigh: null as number | null,
  };
  if (baseline && baseline.n > 0) {
    const lift = users.mean - baseline.mean;
    const seDiff =
      users.n > 1 && baseline.n > 1
        ? Math.sqrt(users.sd ** 2 / users.n + baseline.sd ** 2 / baseline.n)
        : 0;
    result.lift = round4(lift);
    result.liftCiLow = round4(lift - 1.96 * seDiff);
    result.liftCiHigh = round4(lift + 1.96 * seDiff);
  }
  return result;
}
