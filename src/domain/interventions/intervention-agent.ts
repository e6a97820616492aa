/**
 * The intervention agent's decision for one bus message about one student: update the student's
 * detector state, run the detectors, choose an action for each detection, apply the safeguards,
 * and follow up earlier interventions' outcomes. Pure: time, ids and everything read from storage
 * are arguments; the caller stores the returned state and interventions.
 *
 * Safeguards (docs/INTERVENTIONS.md):
 * - a detection fires at most once per `cooldownMessages` (10) messages of the student for the
 *   same type and objective (disengagement: also at most once per 7 days), except to escalate:
 *   when the last firing was below `reviewBelow` and this one reaches it;
 * - confidence below `reviewBelow` (0.7) goes to the instructor review queue, not to the student;
 * - at most `perHour` (3) interventions per student per hour are applied automatically; the rest
 *   go to the review queue;
 * - outcomes: an intervention about an objective is followed for the next `outcomeAttempts` (5)
 *   answers on it: `mastered` if P(mastered) reaches the threshold within them, else `not_mastered`.
 */
import type { ContentType } from '../course-package/course-package-schema.js';
import type { LearnerFeatureState } from '../learner-features/learner-features.js';
import { chooseAction, type ActionCourse, type InterventionAction } from './choose-action.js';
import { detectDecliningMastery } from './declining-mastery.js';
import type { Detection, InterventionType } from './detection.js';
import { detectDisengagement } from './disengagement.js';
import { detectFailureRun } from './failure-run.js';
import { detectHintAbuse, trackHint, type HintRun } from './hint-abuse.js';
import {
  emptyObjectiveTrack,
  trackObjectiveAttempt,
  type ObjectiveTrack,
} from './objective-track.js';
import {
  detectRapidGuessing,
  isRapid,
  rapidThresholdMs,
  rememberAnswer,
  type ItemTimeNorm,
  type TimedAnswer,
} from './rapid-guessing.js';
import { detectWheelSpinning } from './wheel-spinning.js';

export const InterventionStatuses = [
  'queued_for_review',
  'applied',
  'approved',
  'edited',
  'dismissed',
  'delivered',
] as const;
export type InterventionStatus = (typeof InterventionStatuses)[number];

/** Why an intervention waits for an instructor instead of being applied. */
export type QueueReason = 'low_confidence' | 'rate_limit';

/** The stored per-student detector state (JSON). */
export interface InterventionState {
  version: 1;
  /** Messages applied so far. */
  seq: number;
  objectives: Record<string, ObjectiveTrack>;
  /** The last answers with their rapid-guess thresholds. */
  recentAnswers: TimedAnswer[];
  hintRun: HintRun | null;
  /** Per `${type}/${objective or course}`: the message number, event time and confidence it last fired with. */
  fired: Record<string, { seq: number; at: string; confidence: number }>;
  /** When automatic interventions were applied (the caller's clock), the last hour's only. */
  appliedAt: string[];
  /** Interventions whose outcome is still open. */
  pending: { id: string; objectiveId: string; attempts: number }[];
}

export function emptyInterventionState(): InterventionState {
  return {
    version: 1,
    seq: 0,
    objectives: {},
    recentAnswers: [],
    hintRun: null,
    fired: {},
    appliedAt: [],
    pending: [],
  };
}

export interface AgentConfig {
  /** Below this confidence an intervention goes to the review queue. Default 0.7. */
  reviewBelow: number;
  /** Automatic interventions per student per hour. Default 3. */
  perHour: number;
  /** Answers on the objective within which mastery counts as the outcome. Default 5. */
  outcomeAttempts: number;
  /** Messages before the same detection may fire again. Default 10. */
  cooldownMessages: number;
}

export const defaultAgentConfig: AgentConfig = {
  reviewBelow: 0.7,
  perHour: 3,
  outcomeAttempts: 5,
  cooldownMessages: 10,
};

/** The part of a learning event the agent reads. */
export type AgentEvent =
  | {
      type: 'item_attempted';
      at: string;
      itemId: string;
      correct: boolean;
      durationMs: number;
      /** P(mastered) before and after, per objective of the item (from the hot path). */
      objectives: readonly { objectiveId: string; before: number | null; after: number }[];
      /** The served model's P(correct) for this attempt, before it was answered. */
      pCorrect: number;
    }
  | { type: 'hint_requested'; at: string; itemId: string; objectiveIds: readonly string[] }
  | { type: 'other'; at: string };

export interface AgentInput {
  state: InterventionState;
  event: AgentEvent;
  courseId: string;
  course: ActionCourse;
  /** The student's current P(mastered) per objective. */
  mastery: ReadonlyMap<string, number>;
  prior: number;
  /** The learner features of the student in the course (for disengagement), if any. */
  features: LearnerFeatureState | null;
  /** The attempted item's response-time norm, if any. */
  itemNorm: ItemTimeNorm | null;
  studentName?: string;
  /** The caller's clock, for the hourly limit. */
  now: Date;
  newId: () => string;
  config?: Partial<AgentConfig>;
}

export interface NewIntervention {
  id: string;
  type: InterventionType;
  objectiveId: string | null;
  itemId: string | null;
  evidence: Detection['evidence'];
  confidence: number;
  action: InterventionAction;
  status: 'queued_for_review' | 'applied';
  queueReason: QueueReason | null;
}

export interface AgentOutput {
  state: InterventionState;
  interventions: NewIntervention[];
  /** Outcomes that became known with this message. */
  outcomes: { id: string; mastered: boolean; attempts: number }[];
  /** A non-rapid response to add to the item's time norm. */
  itemTime: { itemId: string; durationMs: number } | null;
}

const HOUR = 3_600_000;
const WEEK = 7 * 86_400_000;
const MAX_PENDING = 100;

/** Runs the agent on one event. The input state is not changed. */
export function runInterventionAgent(input: AgentInput): AgentOutput {
  const config = { ...defaultAgentConfig, ...input.config };
  const { event } = input;
  const prev = input.state;
  const state: InterventionState = {
    ...prev,
    seq: prev.seq + 1,
    objectives: { ...prev.objectives },
    fired: { ...prev.fired },
    appliedAt: prev.appliedAt.filter((t) => input.now.getTime() - Date.parse(t) < HOUR),
    pending: [...prev.pending],
  };
  const detections: Detection[] = [];
  const outcomes: AgentOutput['outcomes'] = [];
  let itemTime: AgentOutput['itemTime'] = null;
  let objectiveIds: string[] = [];

  if (event.type === 'item_attempted') {
    objectiveIds = event.objectives.map((o) => o.objectiveId);
    const thresholdMs = rapidThresholdMs(input.itemNorm);
    const answer = { itemId: event.itemId, durationMs: event.durationMs, thresholdMs };
    state.recentAnswers = rememberAnswer(prev.recentAnswers, answer);
    if (!isRapid(answer)) {
      itemTime = { itemId: event.itemId, durationMs: event.durationMs };
    }
    if (prev.hintRun) {
      state.hintRun = null;
    }
    for (const o of event.objectives) {
      const track = trackObjectiveAttempt(
        state.objectives[o.objectiveId] ?? emptyObjectiveTrack(),
        {
          correct: event.correct,
          before: o.before,
          after: o.after,
          pCorrect: event.pCorrect,
          threshold: input.course.threshold,
        },
      );
      state.objectives[o.objectiveId] = track;
      const at = { objectiveId: o.objectiveId, track };
      detections.push(
        ...[
          detectWheelSpinning({ ...at, threshold: input.course.threshold }),
          detectFailureRun({ ...at, itemId: event.itemId }),
          detectDecliningMastery(at),
        ].filter((d): d is Detection => d !== null),
      );
      // Follow up earlier interventions on this objective.
      state.pending = state.pending.flatMap((p) => {
        if (p.objectiveId !== o.objectiveId) {
          return [p];
        }
        const attempts = p.attempts + 1;
        if (o.after >= input.course.threshold) {
          outcomes.push({ id: p.id, mastered: true, attempts });
          return [];
        }
        if (attempts >= config.outcomeAttempts) {
          outcomes.push({ id: p.id, mastered: false, attempts });
          return [];
        }
        return [{ ...p, attempts }];
      });
    }
    const rapid = detectRapidGuessing(state.recentAnswers);
    if (rapid) {
      detections.push(rapid);
    }
  } else if (event.type === 'hint_requested') {
    objectiveIds = [...event.objectiveIds];
    state.hintRun = trackHint(prev.hintRun, { itemId: event.itemId, at: event.at });
    const abuse = detectHintAbuse(state.hintRun);
    if (abuse) {
      detections.push(abuse);
    }
  }
  const disengaged = detectDisengagement({
    features: input.features,
    now: new Date(Date.parse(event.at)),
  });
  if (disengaged) {
    detections.push(disengaged);
  }

  const interventions: NewIntervention[] = [];
  for (const d of detections) {
    const objectiveId = d.objectiveId ?? objectiveIds[0] ?? null;
    const key = `${d.type}/${d.objectiveId ?? input.courseId}`;
    const last = state.fired[key];
    const escalates =
      last !== undefined &&
      last.confidence < config.reviewBelow &&
      d.confidence >= config.reviewBelow;
    if (
      last &&
      !escalates &&
      (state.seq - last.seq < config.cooldownMessages ||
        (d.type === 'disengagement' && Date.parse(event.at) - Date.parse(last.at) < WEEK))
    ) {
      continue;
    }
    state.fired[key] = { seq: state.seq, at: event.at, confidence: d.confidence };
    const action = chooseAction({
      detection: { ...d, objectiveId },
      course: input.course,
      mastery: input.mastery,
      prior: input.prior,
      preference: preferenceOf(input.features),
      ...(input.studentName ? { studentName: input.studentName } : {}),
    });
    let status: NewIntervention['status'] = 'applied';
    let queueReason: QueueReason | null = null;
    if (d.confidence < config.reviewBelow) {
      status = 'queued_for_review';
      queueReason = 'low_confidence';
    } else if (state.appliedAt.length >= config.perHour) {
      status = 'queued_for_review';
      queueReason = 'rate_limit';
    } else {
      state.appliedAt.push(input.now.toISOString());
    }
    const id = input.newId();
    interventions.push({
      id,
      type: d.type,
      objectiveId,
      itemId: d.itemId,
      evidence: d.evidence,
      confidence: d.confidence,
      action,
      status,
      queueReason,
    });
    if (objectiveId) {
      state.pending.push({ id, objectiveId, attempts: 0 });
    }
  }
  if (state.pending.length > MAX_PENDING) {
    state.pending = state.pending.slice(-MAX_PENDING);
  }
  forgetExpiredFirings(state, config.cooldownMessages);
  return { state, interventions, outcomes, itemTime };
}

/**
 * Drops the firings that can no longer hold a detection back: one per type and objective that
 * ever fired would otherwise stay in the state for good, and the state is read and rewritten on
 * every message, so it grew with every objective the student struggled on. A firing holds its key
 * back only while fewer than `cooldownMessages` messages have passed (escalation is an exception
 * to that hold, so it needs nothing more); disengagement firings also hold for a week of event
 * time, and are kept: there is one per course.
 */
function forgetExpiredFirings(state: InterventionState, cooldownMessages: number): void {
  for (const [key, last] of Object.entries(state.fired)) {
    if (!key.startsWith('disengagement/') && state.seq - last.seq >= cooldownMessages) {
      delete state.fired[key];
    }
  }
}

function preferenceOf(
  features: LearnerFeatureState | null,
): Partial<Record<ContentType, number>> | undefined {
  return features?.preference;
}
