/**
 * Sections of a course and who is enrolled in them. Admins manage both; instructors read the
 * rosters of the sections they teach; students see their own enrollments. Rosters and
 * enrollments name students: every read or write of a student's enrollment is audited.
 */
import { invalidInput, notFound } from '../domain/errors.js';
import type { Enrollment, PageRequest, Section } from '../domain/records.js';
import type { CourseStore, SectionInput, SectionStore, UserStore } from '../ports.js';
import {
  authorize,
  scopedSectionIds,
  tenantActor,
  type Actor,
  type Authorizer,
  type TenantActor,
} from './access.js';
import type { AuditTrail } from './audit.js';

export interface SectionServiceDeps {
  sections: SectionStore;
  courses: CourseStore;
  users: UserStore;
  authz: Authorizer;
  audit: AuditTrail;
  newId: () => string;
}

const studentsIn = (enrollments: readonly Enrollment[]) =>
  enrollments.filter((e) => e.role === 'student').map((e) => e.userId);

export function createSectionService({
  sections,
  courses,
  users,
  authz,
  audit,
  newId,
}: SectionServiceDeps) {
  async function checkGoal(a: TenantActor, courseId: string, goal: string | null | undefined) {
    if (goal) {
      const o = await courses.getObjective(a.tenantId, goal);
      if (!o || o.courseId !== courseId) {
        throw invalidInput('Unknown goal', [
          { path: '/goalObjectiveId', message: 'is not an objective of this course' },
        ]);
      }
    }
  }

  async function sectionInScope(
    a: TenantActor,
    id: string,
    resource: 'sections' | 'enrollments',
  ): Promise<Section> {
    authorize(authz, a, resource, 'read');
    const section = await sections.get(a.tenantId, id);
    const scope =
      a.role === 'student' || resource === 'enrollments'
        ? await scopedSectionIds(sections, a)
        : undefined;
    if (!section || (scope && !scope.includes(section.id))) {
      throw notFound('Section');
    }
    return section;
  }

  return {
    async list(actor: Actor, courseId: string, page: PageRequest) {
      const a = tenantActor(actor);
      authorize(authz, a, 'sections', 'read');
      if (!(await courses.get(a.tenantId, courseId))) {
        throw notFound('Course');
      }
      const scope = a.role === 'student' ? await scopedSectionIds(sections, a) : undefined;
      if (scope && a.userId) {
        // A student sees only courses they are enrolled in: another course is a 404, as on GET.
        const mine = await sections.sectionsOfUser(a.tenantId, a.userId);
        if (!mine.some((s) => s.courseId === courseId)) {
          throw notFound('Course');
        }
      }
      return sections.list(a.tenantId, { courseId, ...(scope ? { ids: scope } : {}) }, page);
    },
    get(actor: Actor, id: string) {
      return sectionInScope(tenantActor(actor), id, 'sections');
    },
    async create(actor: Actor, courseId: string, input: SectionInput) {
      const a = tenantActor(actor);
      authorize(authz, a, 'sections', 'write');
      if (!(await courses.get(a.tenantId, courseId))) {
        throw notFound('Course');
      }
      await checkGoal(a, courseId, input.goalObjectiveId);
      return sections.create(a.tenantId, courseId, { ...input, id: newId() });
    },
    async update(actor: Actor, id: string, patch: Partial<SectionInput>) {
      const a = tenantActor(actor);
      authorize(authz, a, 'sections', 'write');
      const current = await sections.get(a.tenantId, id);
      if (!current) {
        throw notFound('Section');
      }
      await checkGoal(a, current.courseId, patch.goalObjectiveId);
      return (await sections.update(a.tenantId, id, patch)) ?? Promise.reject(notFound('Section'));
    },
    async delete(actor: Actor, id: string) {
      const a = tenantActor(actor);
      authorize(authz, a, 'sections', 'write');
      if (!(await sections.delete(a.tenantId, id))) {
        throw notFound('Section');
      }
    },

    async listEnrollments(actor: Actor, sectionId: string, page: PageRequest) {
      const a = tenantActor(actor);
      await sectionInScope(a, sectionId, 'enrollments');
      // A student sees their own enrollment, not the classmates'.
      const result = await sections.listEnrollments(
        a.tenantId,
        a.role === 'student' ? { sectionId, userId: a.userId ?? '' } : { sectionId },
        page,
      );
      await audit.record(a, studentsIn(result.items), 'read', 'enrollments');
      return result;
    },
    async getEnrollment(actor: Actor, id: string): Promise<Enrollment> {
      const a = tenantActor(actor);
      authorize(authz, a, 'enrollments', 'read');
      const e = await sections.getEnrollment(a.tenantId, id);
      if (!e) {
        throw notFound('Enrollment');
      }
      const scope = await scopedSectionIds(sections, a);
      const own = a.role === 'student' ? e.userId === a.userId : true;
      if (!own || (scope && !scope.includes(e.sectionId))) {
        throw notFound('Enrollment');
      }
      await audit.record(a, studentsIn([e]), 'read', 'enrollments');
      return e;
    },
    async enroll(
      actor: Actor,
      sectionId: string,
      input: { userId: string; role?: Enrollment['role'] | undefined },
    ) {
      const a = tenantActor(actor);
      authorize(authz, a, 'enrollments', 'write');
      if (!(await sections.get(a.tenantId, sectionId))) {
        throw notFound('Section');
      }
      const user = await users.get(a.tenantId, input.userId);
      if (!user) {
        throw invalidInput('Unknown user', [
          { path: '/userId', message: 'is not a user of this tenant' },
        ]);
      }
      const role = input.role ?? (user.role === 'student' ? 'student' : 'instructor');
      if (role === 'instructor' && user.role === 'student') {
        throw invalidInput('Role mismatch', [
          { path: '/role', message: 'a student cannot teach a section' },
        ]);
      }
      const e = await sections.enroll(a.tenantId, {
        id: newId(),
        sectionId,
        userId: input.userId,
        role,
      });
      await audit.record(a, studentsIn([e]), 'write', 'enrollments');
      return e;
    },
    async updateEnrollment(actor: Actor, id: string, patch: { role: Enrollment['role'] }) {
      const a = tenantActor(actor);
      authorize(authz, a, 'enrollments', 'write');
      const current = await sections.getEnrollment(a.tenantId, id);
      const e = current ? await sections.updateEnrollment(a.tenantId, id, patch) : null;
      if (!current || !e) {
        throw notFound('Enrollment');
      }
      await audit.record(a, studentsIn([current, e]), 'write', 'enrollments');
      return e;
    },
    async unenroll(actor: Actor, id: string) {
      const a = tenantActor(actor);
      authorize(authz, a, 'enrollments', 'write');
      const current = await sections.getEnrollment(a.tenantId, id);
      if (!current || !(await sections.deleteEnrollment(a.tenantId, id))) {
        throw notFound('Enrollment');
      }
      await audit.record(a, studentsIn([current]), 'write', 'enrollments');
    },
  };
}

export type SectionService = ReturnType<typeof createSectionService>;
