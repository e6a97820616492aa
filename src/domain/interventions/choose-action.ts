/**
 * What to do about a detection: one action, chosen by fixed rules from the detection, the course
 * (objectives, prerequisites, content) and the student's mastery. The rules, in order:
 *
 * | detection           | action (first that applies)                                                 |
 * | ------------------- | --------------------------------------------------------------------------- |
 * | wheel_spinning      | prerequisite review, alternate explanation, instructor alert                |
 * | declining_mastery   | prerequisite review, alternate explanation, instructor alert                |
 * | failure_run         | alternate explanation, next hint on the item, instructor alert              |
 * | rapid_guessing      | message to the student (slow down; answers count)                           |
 * | hint_abuse          | message to the student (try an answer before the next hint)                 |
 * | disengagement       | instructor alert                                                            |
 *
 * - prerequisite review: the least-mastered unmastered prerequisite of the objective that has
 *   content; its explanation (video, reading, interactive) if any, else its easiest item;
 * - alternate explanation: content of the same objective of another type than the practice items
 *   the student was answering: a reading, video or interactive, the one of the student's most
 *   completed type first (content-type preference), then in course order;
 * - next hint: the next hint of the item the student was answering.
 *
 * Messages to students say what to do, never which detector fired.
 */
import type { ContentType } from '../course-package/course-package-schema.js';
import type { Detection } from './detection.js';

export const ActionKinds = [
  'next_hint',
  'alternate_explanation',
  'prerequisite_review',
  'instructor_alert',
  'student_message',
] as const;
export type ActionKind = (typeof ActionKinds)[number];

export interface InterventionAction {
  kind: ActionKind;
  objectiveId: string | null;
  /** Content to open (explanations, prerequisite reviews). */
  contentId: string | null;
  /** The item concerned (next hint). */
  itemId: string | null;
  /** To the student, or to the instructor for an instructor alert. */
  message: string;
}

export interface ActionCourse {
  objectives: readonly { id: string; title: string; prerequisiteIds: readonly string[] }[];
  /** In course order. */
  content: readonly {
    id: string;
    type: ContentType;
    title: string;
    objectiveIds: readonly string[];
  }[];
  threshold: number;
}

export interface ChooseActionProps {
  detection: Detection;
  course: ActionCourse;
  /** P(mastered) per objective id; absent means the prior. */
  mastery: ReadonlyMap<string, number>;
  prior: number;
  /** Share of completed content per type (learner features), to pick an explanation. */
  preference?: Partial<Record<ContentType, number>>;
  /** The student's display name, for instructor alerts. */
  studentName?: string;
}

const EXPLANATION_TYPES: readonly ContentType[] = ['reading', 'video', 'interactive'];
const percent = (p: number) => `${Math.round(p * 100)}%`;
const minutes = (v: unknown) => String(Math.round(Number(v)));

function alternateExplanation(props: ChooseActionProps, objectiveId: string) {
  const pref = props.preference ?? {};
  const candidates = props.course.content.filter(
    (c) => c.objectiveIds.includes(objectiveId) && EXPLANATION_TYPES.includes(c.type),
  );
  // Stable: most preferred type first, course order within a type.
  return (
    candidates
      .map((c, i) => ({ c, i, w: pref[c.type] ?? 0 }))
      .sort((x, y) => y.w - x.w || x.i - y.i)[0]?.c ?? null
  );
}

function prerequisiteReview(props: ChooseActionProps, objectiveId: string) {
  const objective = props.course.objectives.find((o) => o.id === objectiveId);
  if (!objective) {
    return null;
  }
  const p = (id: string) => props.mastery.get(id) ?? props.prior;
  const weak = objective.prerequisiteIds
    .filter((q) => p(q) < props.course.threshold)
    .sort((a, b) => p(a) - p(b));
  for (const q of weak) {
    const content =
      alternateExplanation(props, q) ??
      props.course.content.find((c) => c.objectiveIds.includes(q)) ??
      null;
    const prereq = props.course.objectives.find((o) => o.id === q);
    if (content && prereq) {
      return { prereq, content, mastery: p(q) };
    }
  }
  return null;
}

/** Picks the action for a detection; pure and deterministic. */
export function chooseAction(props: ChooseActionProps): InterventionAction {
  const d = props.detection;
  const objective = props.course.objectives.find((o) => o.id === d.objectiveId) ?? null;
  const title = objective?.title ?? 'this topic';
  const who = props.studentName ?? 'A student';
  const alert = (why: string): InterventionAction => ({
    kind: 'instructor_alert',
    objectiveId: d.objectiveId,
    contentId: null,
    itemId: d.itemId,
    message: `${who} ${why}`,
  });
  const review = () => {
    if (!objective) {
      return null;
    }
    const r = prerequisiteReview(props, objective.id);
    return r
      ? ({
          kind: 'prerequisite_review',
          objectiveId: r.prereq.id,
          contentId: r.content.id,
          itemId: null,
          message: `${title} builds on ${r.prereq.title} (your mastery: ${percent(r.mastery)}). Review "${r.content.title}" first, then come back.`,
        } satisfies InterventionAction)
      : null;
  };
  const explain = () => {
    if (!objective) {
      return null;
    }
    const c = alternateExplanation(props, objective.id);
    return c
      ? ({
          kind: 'alternate_explanation',
          objectiveId: objective.id,
          contentId: c.id,
          itemId: null,
          message: `Try another way into ${title}: the ${c.type} "${c.title}".`,
        } satisfies InterventionAction)
      : null;
  };
  switch (d.type) {
    case 'wheel_spinning':
      return (
        review() ??
        explain() ??
        alert(`has practised ${title} ${String(d.evidence.attempts)} times without mastering it.`)
      );
    case 'declining_mastery':
      return review() ?? explain() ?? alert(`is losing ground on ${title}.`);
    case 'failure_run':
      return (
        explain() ??
        (d.itemId
          ? {
              kind: 'next_hint',
              objectiveId: d.objectiveId,
              contentId: null,
              itemId: d.itemId,
              message: `Stuck on ${title}? Open the next hint on this question.`,
            }
          : alert(`answered ${title} wrong ${String(d.evidence.wrongInARow)} times in a row.`))
      );
    case 'rapid_guessing':
      return {
        kind: 'student_message',
        objectiveId: d.objectiveId,
        contentId: null,
        itemId: d.itemId,
        message:
          'Your last answers came very quickly. Take the time to work each question out: your answers decide what you practise next.',
      };
    case 'hint_abuse':
      return {
        kind: 'student_message',
        objectiveId: d.objectiveId,
        contentId: null,
        itemId: d.itemId,
        message:
          'Give the question a try after reading a hint: a wrong answer tells us more than the next hint does.',
      };
    case 'disengagement':
      if (d.evidence.signal === 'inactivity') {
        return alert(
          `has not been active for ${String(Math.floor(Number(d.evidence.daysInactive)))} days (last activity ${String(d.evidence.lastActivityAt).slice(0, 10)}).`,
        );
      }
      return alert(
        `was active ${minutes(d.evidence.activeMinutesLast7Days)} minutes in the last 7 days, against ${minutes(d.evidence.activeMinutesPrevious7Days)} the week before.`,
      );
  }
}
