/**
 * Reading a student's learning records back: events, mastery and features. A student reads
 * their own; an instructor the students of the sections they teach; an admin anyone in the
 * tenant. Anything else is a 404, so existence is not revealed. Every read is audited.
 */
import { notFound } from '../domain/errors.js';
import {
  emptyLearnerFeatureState,
  summariseLearnerFeatures,
  type LearnerFeatureState,
} from '../domain/learner-features/learner-features.js';
import type { PageRequest } from '../domain/records.js';
import type { LearningStore, SectionStore, UserStore } from '../ports.js';
import {
  assertStudentInScope,
  authorize,
  tenantActor,
  type Actor,
  type Authorizer,
  type TenantActor,
} from './access.js';
import type { AuditTrail } from './audit.js';
import type { CourseCatalogCache } from './course-catalog.js';

export interface LearnerRecordsDeps {
  learning: LearningStore;
  users: UserStore;
  sections: SectionStore;
  catalog: CourseCatalogCache;
  authz: Authorizer;
  audit: AuditTrail;
  now: () => Date;
}

export function createLearnerRecordsService(deps: LearnerRecordsDeps) {
  /** Throws NotFound unless the actor may read this student's records. */
  async function checkStudent(actor: Actor, studentId: string): Promise<TenantActor> {
    const a = tenantActor(actor);
    authorize(deps.authz, a, 'learner_records', 'read');
    await assertStudentInScope(deps, a, studentId);
    return a;
  }

  return {
    checkStudent,
    async events(
      actor: Actor,
      studentId: string,
      filter: {
        type?: string | undefined;
        courseId?: string | undefined;
        from?: string | undefined;
        to?: string | undefined;
      },
      page: PageRequest,
    ) {
      const a = await checkStudent(actor, studentId);
      const result = await deps.learning.listEvents(a.tenantId, studentId, filter, page);
      await deps.audit.record(a, [studentId], 'read', 'events');
      return {
        items: result.items.map((r) => ({ ...r.event, serverId: r.id, receivedAt: r.receivedAt })),
        nextCursor: result.nextCursor,
      };
    },
    async mastery(actor: Actor, studentId: string, courseId: string | undefined) {
      const a = await checkStudent(actor, studentId);
      const rows = await deps.learning.masteryOf(a.tenantId, studentId, courseId);
      await deps.audit.record(a, [studentId], 'read', 'mastery');
      const thresholds = new Map<string, number>();
      for (const courseOf of new Set(rows.map((r) => r.courseId))) {
        thresholds.set(
          courseOf,
          (await deps.catalog.get(a.tenantId, courseOf))?.course.masteryThreshold ?? 0.95,
        );
      }
      return {
        studentId,
        items: rows.map((r) => ({
          objectiveId: r.objectiveId,
          courseId: r.courseId,
          pMastery: Number(r.pMastery.toFixed(6)),
          mastered: r.pMastery >= (thresholds.get(r.courseId) ?? 0.95),
          attempts: r.attempts,
          correct: r.correct,
          updatedAt: r.updatedAt,
        })),
      };
    },
    async features(actor: Actor, studentId: string, courseId: string) {
      const a = await checkStudent(actor, studentId);
      if (!(await deps.catalog.get(a.tenantId, courseId))) {
        throw notFound('Course');
      }
      const state = (await deps.learning.featuresOf(
        a.tenantId,
        studentId,
        courseId,
      )) as LearnerFeatureState | null;
      await deps.audit.record(a, [studentId], 'read', 'learner_features');
      return {
        studentId,
        courseId,
        ...summariseLearnerFeatures(state ?? emptyLearnerFeatureState(), deps.now()),
      };
    },
  };
}

export type LearnerRecordsService = ReturnType<typeof createLearnerRecordsService>;
