/**
 * Sections of a course and who is enrolled in them. Admins manage both; instructors read the
 * rosters of the sections they teach; students see their own enrollments.
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

export interface SectionServiceDeps {
  sections: SectionStore;
  courses: CourseStore;
  users: UserStore;
  authz: Authorizer;
  newId: () => string;
}

export function createSectionService({
  sections,
  courses,
  users,
  authz,
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
      if (a.role === 'student') {
        // A student sees their own enrollment, not the classmates'.
        return sections.listEnrollments(a.tenantId, { sectionId, userId: a.userId ?? '' }, page);
      }
      return sections.listEnrollments(a.tenantId, { sectionId }, page);
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
      return sections.enroll(a.tenantId, { id: newId(), sectionId, userId: input.userId, role });
    },
    async updateEnrollment(actor: Actor, id: string, patch: { role: Enrollment['role'] }) {
      const a = tenantActor(actor);
      authorize(authz, a, 'enrollments', 'write');
      return (
        (await sections.updateEnrollment(a.tenantId, id, patch)) ??
        Promise.reject(notFound('Enrollment'))
      );
    },
    async unenroll(actor: Actor, id: string) {
      const a = tenantActor(actor);
      authorize(authz, a, 'enrollments', 'write');
      if (!(await sections.deleteEnrollment(a.tenantId, id))) {
        throw notFound('Enrollment');
      }
    },
  };
}

export type SectionService = ReturnType<typeof createSectionService>;
