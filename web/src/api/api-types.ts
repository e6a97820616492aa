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

/** One next step for a student, with the reasons it was chosen. */
export interface Recommendation {
  contentId: string;
  type: ContentType;
  title: string;
  objectiveId: string;
  score: number;
  reasons: { code: string; text: string }[];
}

export interface RecommendationsReply {
  studentId: string;
  courseId: string;
  items: Recommendation[];
  degraded: boolean;
  generatedAt: string;
}

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
