/**
 * Shapes of the Pathwise REST API as the web shell reads them. The server's route schemas are
 * the source of truth; these mirror the fields the pages use.
 */

export type UserRole = 'student' | 'instructor' | 'admin' | 'operator';
export type SectionRole = 'student' | 'instructor';
export type ContentType = 'video' | 'reading' | 'interactive' | 'assessment_item';

export interface SessionUser {
  id: string;
  role: UserRole;
  displayName: string;
  /** Null for accounts without an email, e.g. provisioned from an LMS. */
  email: string | null;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
}

/** A section the signed-in user belongs to, with the course it teaches. */
export interface SessionSection {
  id: string;
  code: string;
  name: string;
  courseId: string;
  courseTitle: string;
  role: SectionRole;
}

export interface Session {
  user: SessionUser;
  /** Null for operators, who work across tenants. */
  tenant: Tenant | null;
  sections: SessionSection[];
  /** Origins besides this one that video and audio may be played from. */
  mediaOrigins: string[];
}

export interface Course {
  id: string;
  code: string;
  title: string;
  description: string | null;
  /** Probability in [0, 1] above which an objective counts as mastered. */
  masteryThreshold: number;
}

export interface Objective {
  id: string;
  courseId: string;
  key: string;
  title: string;
  description: string | null;
  position: number;
}

/** `prerequisiteId` must be mastered before `objectiveId`. */
export interface Prerequisite {
  objectiveId: string;
  prerequisiteId: string;
}

export interface ContentMedia {
  url?: string;
  durationSeconds?: number;
  estimatedMinutes?: number;
  body?: string;
  transcript?: string;
}

export interface ContentEntry {
  id: string;
  courseId: string;
  key: string;
  type: ContentType;
  title: string;
  description: string | null;
  objectiveIds: string[];
  media: ContentMedia | null;
  /** Author estimate: 0 easy .. 1 hard. */
  difficulty: number | null;
  /** Order within the course. */
  position?: number;
}

export interface CourseSection {
  id: string;
  courseId: string;
  code: string;
  name: string;
}

export interface Enrollment {
  id: string;
  sectionId: string;
  userId: string;
  role: SectionRole;
  user: { id: string; displayName: string; email: string | null };
}

/** One page of a list endpoint. */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** An `application/problem+json` error body (RFC 9457) with Pathwise's extra fields. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

// ---- Instructor dashboard (docs: /v1/sections/:id/dashboard and friends) ----

/** An objective as the analytics routes list it, in the course's topological order. */
export interface ObjectiveRef {
  id: string;
  key: string;
  title: string;
}

export interface DashboardStudent {
  id: string;
  name: string;
  lastActiveAt: string | null;
  masteredCount: number;
  atRisk: boolean;
  /** P(mastered) in [0, 1] per objective, aligned with `objectives`; null = no evidence. */
  mastery: (number | null)[];
}

export interface DashboardSummary {
  students: number;
  activeLast7Days: number;
  meanMastery: number;
  masteredShare: number;
  videoCompletionRate: number;
  attemptsLast7Days: number;
  /** Above 0 rising, below 0 falling. */
  engagementTrend: number;
}

/** GET /v1/sections/:id/dashboard */
export interface SectionDashboard {
  sectionId: string;
  courseId: string;
  /** When the section's analytics last changed. */
  updatedAt: string;
  objectives: ObjectiveRef[];
  students: DashboardStudent[];
  summary: DashboardSummary;
}

export interface RiskReason {
  code: string;
  /** A sentence without names. */
  text: string;
  objectiveId: string | null;
  since: string | null;
}

export interface AtRiskStudent {
  studentId: string;
  name: string;
  /** In [0, 1]. */
  risk: number;
  lastActiveAt: string | null;
  reasons: RiskReason[];
}

/** GET /v1/sections/:id/at-risk (risk descending) */
export interface SectionAtRisk {
  sectionId: string;
  updatedAt: string;
  students: AtRiskStudent[];
}

export interface TimelineItem {
  at: string;
  kind: 'event' | 'mastery' | 'intervention';
  type: string;
  text: string;
  objectiveId: string | null;
  contentId: string | null;
  correct: boolean | null;
  pMastery: number | null;
}

export interface MasteryPoint {
  objectiveId: string;
  at: string;
  /** In [0, 1]. */
  pMastery: number;
}

/** GET /v1/students/:id/mastery-history (points oldest first) */
export interface MasteryHistory {
  courseId: string;
  objectives: ObjectiveRef[];
  points: MasteryPoint[];
}

export interface ContentEffect {
  contentId: string;
  title: string;
  type: string;
  objectiveId: string;
  learners: number;
  /** Mean learning gain after using the content; ciLow..ciHigh its 95% interval. */
  meanGain: number;
  ciLow: number;
  ciHigh: number;
  /** Students who practised the objective without using any of its content first. */
  baselineLearners: number;
  /** Their mean gain; null without such students. */
  baselineGain: number | null;
  /** meanGain − baselineGain, with its 95% (Welch) interval; null without a baseline. */
  lift: number | null;
  liftCiLow: number | null;
  liftCiHigh: number | null;
}

/** GET /v1/sections/:id/content-effectiveness (meanGain descending) */
export interface ContentEffectiveness {
  sectionId: string;
  updatedAt: string;
  items: ContentEffect[];
}

export type InterventionStatus =
  'queued_for_review' | 'applied' | 'approved' | 'edited' | 'dismissed' | 'delivered';

export type InterventionType =
  | 'wheel_spinning'
  | 'failure_run'
  | 'rapid_guessing'
  | 'hint_abuse'
  | 'disengagement'
  | 'declining_mastery';

export type ActionKind =
  | 'next_hint'
  | 'alternate_explanation'
  | 'prerequisite_review'
  | 'instructor_alert'
  | 'student_message';

export interface Intervention {
  id: string;
  studentId: string;
  courseId: string;
  sectionId: string | null;
  objectiveId: string | null;
  itemId: string | null;
  type: InterventionType;
  evidence: Record<string, unknown>;
  /** In [0, 1]; below 0.7 it waits for review. */
  confidence: number;
  action: {
    kind: ActionKind;
    objectiveId: string | null;
    contentId: string | null;
    itemId: string | null;
    message: string;
  };
  status: InterventionStatus;
  queueReason: 'low_confidence' | 'rate_limit' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OutcomeCounts {
  count: number;
  resolved: number;
  masteredWithinK: number;
  rate: number | null;
}

/** GET /v1/sections/:id/interventions/outcomes */
export interface InterventionOutcomes {
  sectionId: string;
  outcomeAttempts: number;
  items: (OutcomeCounts & { type: InterventionType; delivered: OutcomeCounts })[];
}

export interface RecommendationReason {
  code: string;
  text: string;
}

export interface Recommendation {
  contentId: string;
  type: ContentType;
  title: string;
  objectiveId: string;
  score: number;
  reasons: RecommendationReason[];
}

/** GET /v1/students/:id/recommendations */
export interface Recommendations {
  studentId: string;
  courseId: string;
  items: Recommendation[];
  degraded: boolean;
  degradedReason?: string;
  cached: boolean;
  generatedAt: string;
}

/** The answer to a conditional GET: new data with its ETag, or "not modified" (304). */
export type Conditional<T> = { modified: true; data: T; etag: string | null } | { modified: false };

/** What a student's app reads of GET /v1/students/:id/recommendations. */
export type RecommendationsReply = Recommendations;

/** A student's estimated mastery of one objective. */
export interface MasteryEntry {
  objectiveId: string;
  courseId: string;
  /** P(mastered), in [0, 1]. */
  pMastery: number;
  mastered: boolean;
  attempts: number;
  correct: number;
  updatedAt: string;
}

/** An intervention as its student sees it. */
export interface StudentIntervention {
  id: string;
  courseId: string;
  objectiveId: string | null;
  status: string;
  action: {
    kind: string;
    objectiveId: string | null;
    contentId: string | null;
    itemId: string | null;
    message: string;
  };
  createdAt: string;
}

/** A practice item as served before the answer: no key, no hints. */
export type PracticeItem =
  | { format: 'multiple_choice'; prompt: string; choices: { id: string; text: string }[] }
  | { format: 'numeric'; prompt: string; unit: string | null }
  | { format: 'short_text'; prompt: string };

export interface PracticeAttempt {
  token: string;
  courseId: string;
  itemId: string;
  title: string;
  objectiveIds: string[];
  item: PracticeItem;
  hintCount: number;
  expiresAt: string;
}

export interface PracticeHint {
  hintIndex: number;
  hint: string;
  hintsRemaining: number;
}

export interface PracticeResult {
  itemId: string;
  correct: boolean;
  feedback: string;
  correctAnswer: { text: string; choiceIds?: string[]; value?: number };
  hintsUsed: number;
  attempt: number;
  mastery: { studentId: string; objectiveId: string; pMastery: number }[];
  recommendations: Recommendation[];
}

/** What `POST /v1/events` answers. */
export interface IngestReply {
  accepted: number;
  duplicates: number;
}
