/**
 * The platform's records as services and the API see them (camelCase, ids as UUID strings,
 * times as ISO-8601 strings). Storage adapters map rows to these.
 */
import type {
  ContentType,
  IrtParams,
  ItemSpec,
  MediaSpec,
} from './course-package/course-package-schema.js';

export type TenantRole = 'student' | 'instructor' | 'admin';
export type Role = TenantRole | 'operator';
export type AgeBand = 'under_13' | '13_17' | '18_plus';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  tenantId: string;
  role: TenantRole;
  email: string | null;
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  /** ISO date (YYYY-MM-DD), for COPPA; students only. */
  birthDate: string | null;
  ageBand: AgeBand | null;
  createdAt: string;
  updatedAt: string;
}

export interface Course {
  id: string;
  tenantId: string;
  code: string;
  title: string;
  description: string | null;
  /** P(mastered) at or above which an objective counts as mastered, in (0, 1). */
  masteryThreshold: number;
  createdAt: string;
  updatedAt: string;
}

export interface Section {
  id: string;
  tenantId: string;
  courseId: string;
  code: string;
  name: string;
  goalObjectiveId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Enrollment {
  id: string;
  tenantId: string;
  sectionId: string;
  userId: string;
  role: 'student' | 'instructor';
  createdAt: string;
  user: { id: string; displayName: string; email: string | null };
}

export interface Objective {
  id: string;
  tenantId: string;
  courseId: string;
  key: string;
  title: string;
  description: string | null;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface Prerequisite {
  courseId: string;
  objectiveId: string;
  prerequisiteId: string;
  createdAt: string;
}

export interface Content {
  id: string;
  tenantId: string;
  courseId: string;
  key: string;
  type: ContentType;
  title: string;
  description: string | null;
  objectiveIds: string[];
  media: MediaSpec | null;
  /** The assessment item with its answer key; null for other content types. */
  item: ItemSpec | null;
  hints: string[];
  difficulty: number | null;
  irt: IrtParams | null;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** A page of a list, with the opaque cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  /** 1..1000 */
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}
