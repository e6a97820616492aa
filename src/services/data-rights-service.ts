/**
 * Data rights (docs/PRIVACY.md): an admin exports everything held about a student as one JSON
 * document, or erases the student. Erasure keeps the student's internal id as a pseudonym:
 * events (and so class aggregates) and audit entries stay under it, while everything linking it
 * to a person is deleted in one transaction. Both are recorded as data-rights requests.
 */
import { AppError, notFound } from '../domain/errors.js';
import type { LearningEvent } from '../domain/events/learning-event.js';
import type { PageRequest } from '../domain/records.js';
import type {
  ConsentStore,
  DataRightsStore,
  ErasureMode,
  LearningStore,
  SectionStore,
  StudentDataSource,
  TenantStore,
  UserStore,
} from '../ports.js';
import { authorize, tenantActor, type Actor, type Authorizer, type TenantActor } from './access.js';
import type { CourseCatalogCache } from './course-catalog.js';

export interface DataRightsDeps {
  users: UserStore;
  tenants: TenantStore;
  sections: SectionStore;
  learning: LearningStore;
  consents: ConsentStore;
  dataRights: DataRightsStore;
  catalog: CourseCatalogCache;
  authz: Authorizer;
  newId: () => string;
  now: () => Date;
  /**
   * Further parts of the export, each under its own key: the place to add the student's audit
   * entries (`auditEntries`) once the audit log exists. Wired in src/main.ts.
   */
  extraSources?: readonly StudentDataSource[];
  /** Told after an erasure, so caches holding the student's facts drop them. */
  onErased?: (tenantId: string, studentId: string) => void;
}

/** The version of the export document's shape. */
export const STUDENT_EXPORT_FORMAT = 'pathwise.student-export.v1';

export function createDataRightsService(deps: DataRightsDeps) {
  async function student(actor: Actor, id: string, action: 'read' | 'write') {
    const a = tenantActor(actor);
    authorize(deps.authz, a, 'data_rights', action);
    const user = await deps.users.get(a.tenantId, id);
    if (!user || user.role !== 'student') {
      throw notFound('Student');
    }
    return { a, user };
  }

  async function allEvents(tenantId: string, studentId: string) {
    const out: (LearningEvent & { serverId: string; receivedAt: string })[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.learning.listEvents(tenantId, studentId, {}, { limit: 1000, cursor });
      out.push(
        ...page.items.map((r) => ({ ...r.event, serverId: r.id, receivedAt: r.receivedAt })),
      );
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out.reverse(); // oldest first
  }

  /** The student's attempts as the class aggregates counted them, per section and objective. */
  async function contributions(
    a: TenantActor,
    events: readonly LearningEvent[],
    sectionsByCourse: Map<string, string[]>,
  ) {
    const counts = new Map<
      string,
      { sectionId: string; objectiveId: string; attempts: number; correct: number }
    >();
    for (const e of events) {
      if (e.type !== 'item_attempted') {
        continue;
      }
      const catalog = await deps.catalog.get(a.tenantId, e.courseId);
      const objectives = catalog?.content.get(e.itemId)?.objectiveIds ?? [];
      const sections = e.sectionId ? [e.sectionId] : (sectionsByCourse.get(e.courseId) ?? []);
      for (const sectionId of sections) {
        for (const objectiveId of objectives) {
          const key = `${sectionId}/${objectiveId}`;
          const c = counts.get(key) ?? { sectionId, objectiveId, attempts: 0, correct: 0 };
          c.attempts += 1;
          c.correct += e.correct ? 1 : 0;
          counts.set(key, c);
        }
      }
    }
    return [...counts.values()];
  }

  return {
    /** Everything held about a student, as one machine-readable JSON document. */
    async exportStudent(actor: Actor, studentId: string): Promise<Record<string, unknown>> {
      const { a, user } = await student(actor, studentId, 'read');
      const requestedAt = deps.now();
      const tenant = await deps.tenants.get(a.tenantId);
      const enrollments = await deps.sections.sectionsOfUser(a.tenantId, studentId);
      const events = await allEvents(a.tenantId, studentId);
      const mastery = await deps.learning.masteryOf(a.tenantId, studentId);
      const courseIds = [
        ...new Set([...enrollments.map((s) => s.courseId), ...events.map((e) => e.courseId)]),
      ];
      const features = [];
      for (const courseId of courseIds) {
        const state = await deps.learning.featuresOf(a.tenantId, studentId, courseId);
        if (state !== null && state !== undefined) {
          features.push({ courseId, state });
        }
      }
      const sectionsByCourse = new Map<string, string[]>();
      for (const s of enrollments) {
        sectionsByCourse.set(s.courseId, [...(sectionsByCourse.get(s.courseId) ?? []), s.id]);
      }
      const extra: Record<string, unknown> = {};
      for (const source of deps.extraSources ?? []) {
        extra[source.name] = await source.collect(a.tenantId, studentId);
      }
      const requests = [];
      let cursor: string | undefined;
      do {
        const page = await deps.dataRights.listRequests(
          a.tenantId,
          { studentId },
          { limit: 1000, cursor },
        );
        requests.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const document = {
        format: STUDENT_EXPORT_FORMAT,
        exportedAt: requestedAt.toISOString(),
        tenant: tenant ? { id: tenant.id, slug: tenant.slug, name: tenant.name } : null,
        student: user,
        enrollments,
        consents: await deps.consents.list(a.tenantId, studentId),
        events,
        mastery,
        features,
        classAggregateContributions: await contributions(a, events, sectionsByCourse),
        dataRightsRequests: requests,
        ...extra,
      };
      await deps.dataRights.recordRequest(a.tenantId, {
        id: deps.newId(),
        studentId,
        kind: 'export',
        mode: null,
        status: 'completed',
        requestedBy: a.userId,
        reason: null,
        requestedAt: requestedAt.toISOString(),
        completedAt: deps.now().toISOString(),
        outcome: { events: events.length, mastery: mastery.length, features: features.length },
      });
      return document;
    },

    /**
     * Erases a student: `delete` also deletes their mastery and features, `deidentify` keeps
     * them under the pseudonymous id. Idempotent: erasing again changes nothing more.
     */
    async erase(
      actor: Actor,
      studentId: string,
      input: { mode: ErasureMode; reason?: string | null | undefined },
    ) {
      const { a } = await student(actor, studentId, 'write');
      const request = {
        id: deps.newId(),
        studentId,
        mode: input.mode,
        requestedBy: a.userId,
        reason: input.reason ?? null,
        requestedAt: deps.now().toISOString(),
      };
      try {
        const result = await deps.dataRights.erase(a.tenantId, request, deps.now());
        deps.onErased?.(a.tenantId, studentId);
        return result;
      } catch (error) {
        // Nothing was changed (one transaction); the failed request is kept on record.
        await deps.dataRights.recordRequest(a.tenantId, {
          ...request,
          kind: 'erasure',
          status: 'failed',
          completedAt: null,
          outcome: { error: error instanceof AppError ? error.code : 'internal_error' },
        });
        throw error;
      }
    },

    async listRequests(
      actor: Actor,
      filter: { studentId?: string | undefined },
      page: PageRequest,
    ) {
      const a = tenantActor(actor);
      authorize(deps.authz, a, 'data_rights', 'read');
      return deps.dataRights.listRequests(a.tenantId, filter, page);
    },
  };
}

export type DataRightsService = ReturnType<typeof createDataRightsService>;
