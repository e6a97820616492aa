/**
 * Courses and what they are made of: objectives, the prerequisite DAG between them, and content.
 * Instructors and admins author; students read the courses they are enrolled in, and never see
 * answer keys.
 */
import {
  contentItemProblems,
  validateCoursePackage,
} from '../domain/course-package/validate-course-package.js';
import type { ItemSpec } from '../domain/course-package/course-package-schema.js';
import { AppError, invalidInput, notFound } from '../domain/errors.js';
import type { Content, Course, Objective, PageRequest } from '../domain/records.js';
import type {
  ContentFilter,
  ContentInput,
  CourseInput,
  CourseStore,
  ImportSummary,
  ObjectiveInput,
  SectionStore,
} from '../ports.js';
import {
  allows,
  authorize,
  tenantActor,
  type Actor,
  type Authorizer,
  type TenantActor,
} from './access.js';

export interface CourseServiceDeps {
  courses: CourseStore;
  sections: SectionStore;
  authz: Authorizer;
  newId: () => string;
  /** Told after every successful change to a tenant's courses (e.g. to drop cached catalogs). */
  onChanged?: (tenantId: string) => void;
}

/** Wraps the named methods so `notify` runs after each one succeeds. */
function notifyAfter<S extends object>(
  service: S,
  names: readonly (keyof S)[],
  notify: (actor: Actor) => void,
): S {
  const out: S = { ...service };
  for (const name of names) {
    const fn = service[name] as (actor: Actor, ...rest: unknown[]) => Promise<unknown>;
    const wrapped = async (actor: Actor, ...rest: unknown[]) => {
      const result = await fn(actor, ...rest);
      notify(actor);
      return result;
    };
    Object.assign(out, { [name]: wrapped });
  }
  return out;
}

/** An item as a student may see it before attempting it: the prompt and choices, no answer key. */
export type PublicItem =
  | (Omit<Extract<ItemSpec, { format: 'multiple_choice' }>, 'answer' | 'choices'> & {
      choices: { id: string; text: string }[];
    })
  | Omit<Extract<ItemSpec, { format: 'numeric' }>, 'answer' | 'constraint'>
  | Omit<Extract<ItemSpec, { format: 'short_text' }>, 'answer'>;

export function withoutAnswers(item: ItemSpec): PublicItem {
  switch (item.format) {
    case 'multiple_choice': {
      const { answer: _a, choices, ...rest } = item;
      return { ...rest, choices: choices.map(({ id, text }) => ({ id, text })) };
    }
    case 'numeric': {
      const { answer: _a, constraint: _c, ...rest } = item;
      return rest;
    }
    case 'short_text': {
      const { answer: _a, ...rest } = item;
      return rest;
    }
  }
}

export type ContentView = Omit<Content, 'item' | 'hints'> & {
  item: ItemSpec | PublicItem | null;
  /** Hints are revealed one by one in practice; readers with answer access see them all. */
  hints?: string[];
};

export function createCourseService({
  courses,
  sections,
  authz,
  newId,
  onChanged,
}: CourseServiceDeps) {
  /** Students see only courses they are enrolled in; everyone else in the tenant sees all. */
  async function enrolledCourseIds(a: TenantActor): Promise<string[] | undefined> {
    if (a.role !== 'student') {
      return undefined;
    }
    if (!a.userId) {
      return [];
    }
    return (await sections.sectionsOfUser(a.tenantId, a.userId)).map((s) => s.courseId);
  }

  async function readableCourse(
    actor: Actor,
    courseId: string,
    resource: 'courses' | 'objectives' | 'prerequisites' | 'content',
  ): Promise<{ a: TenantActor; course: Course }> {
    const a = tenantActor(actor);
    authorize(authz, a, resource, 'read');
    const course = await courses.get(a.tenantId, courseId);
    const allowed = await enrolledCourseIds(a);
    if (!course || (allowed && !allowed.includes(course.id))) {
      throw notFound('Course');
    }
    return { a, course };
  }

  async function writableCourse(
    actor: Actor,
    courseId: string,
    resource: 'courses' | 'objectives' | 'prerequisites' | 'content',
  ) {
    const a = tenantActor(actor);
    authorize(authz, a, resource, 'write');
    const course = await courses.get(a.tenantId, courseId);
    if (!course) {
      throw notFound('Course');
    }
    return { a, course };
  }

  /** The content as this actor may see it: without answer keys and hints unless allowed. */
  function presenter(a: TenantActor): (content: Content) => ContentView {
    if (allows(authz, a.role, 'content_answers', 'read')) {
      return (content) => content;
    }
    return ({ hints: _h, item, ...rest }) => ({
      ...rest,
      item: item ? withoutAnswers(item) : null,
    });
  }

  /** Objectives referenced by content must exist in the same course. */
  async function checkObjectives(
    a: TenantActor,
    courseId: string,
    ids: readonly string[],
    path: string,
  ) {
    for (const [i, id] of ids.entries()) {
      const o = await courses.getObjective(a.tenantId, id);
      if (!o || o.courseId !== courseId) {
        throw invalidInput('Unknown objective', [
          { path: `${path}/${i}`, message: `no objective ${id} in this course` },
        ]);
      }
    }
  }

  /** Refuses an item whose answer key or expressions do not fit it, naming the fields. */
  async function checkItem(entry: Parameters<typeof contentItemProblems>[0]): Promise<void> {
    const problems = await contentItemProblems(entry);
    if (problems.length > 0) {
      throw invalidInput('The item is invalid', problems);
    }
  }

  async function objectiveIn(a: TenantActor, id: string): Promise<Objective> {
    const o = await courses.getObjective(a.tenantId, id);
    if (!o) {
      throw notFound('Objective');
    }
    return o;
  }

  const service = {
    async listCourses(actor: Actor, page: PageRequest) {
      const a = tenantActor(actor);
      authorize(authz, a, 'courses', 'read');
      return courses.list(a.tenantId, { ids: await enrolledCourseIds(a) }, page);
    },
    async getCourse(actor: Actor, id: string) {
      return (await readableCourse(actor, id, 'courses')).course;
    },
    createCourse(actor: Actor, input: CourseInput) {
      const a = tenantActor(actor);
      authorize(authz, a, 'courses', 'write');
      return courses.create(a.tenantId, { ...input, id: newId() });
    },
    async updateCourse(actor: Actor, id: string, patch: Partial<CourseInput>) {
      const { a } = await writableCourse(actor, id, 'courses');
      return (await courses.update(a.tenantId, id, patch)) ?? Promise.reject(notFound('Course'));
    },
    async deleteCourse(actor: Actor, id: string) {
      const { a } = await writableCourse(actor, id, 'courses');
      await courses.delete(a.tenantId, id);
    },
    /** Validates and imports a whole course package, all or nothing. */
    async importCourse(actor: Actor, input: unknown): Promise<ImportSummary> {
      const a = tenantActor(actor);
      authorize(authz, a, 'courses', 'write');
      const result = await validateCoursePackage(input);
      if (!result.ok) {
        throw invalidInput('The course package is invalid', result.error, 'invalid_course_package');
      }
      return courses.importPackage(a.tenantId, result.value, newId);
    },

    async listObjectives(actor: Actor, courseId: string, page: PageRequest) {
      const { a } = await readableCourse(actor, courseId, 'objectives');
      return courses.listObjectives(a.tenantId, courseId, page);
    },
    async getObjective(actor: Actor, id: string) {
      const a = tenantActor(actor);
      const o = await objectiveIn(a, id);
      await readableCourse(actor, o.courseId, 'objectives');
      return o;
    },
    async createObjective(actor: Actor, courseId: string, input: ObjectiveInput) {
      const { a } = await writableCourse(actor, courseId, 'objectives');
      return courses.createObjective(a.tenantId, courseId, { ...input, id: newId() });
    },
    async updateObjective(actor: Actor, id: string, patch: Partial<ObjectiveInput>) {
      const a = tenantActor(actor);
      authorize(authz, a, 'objectives', 'write');
      return (
        (await courses.updateObjective(a.tenantId, id, patch)) ??
        Promise.reject(notFound('Objective'))
      );
    },
    async deleteObjective(actor: Actor, id: string) {
      const a = tenantActor(actor);
      authorize(authz, a, 'objectives', 'write');
      if (!(await courses.deleteObjective(a.tenantId, id))) {
        throw notFound('Objective');
      }
    },

    async listPrerequisites(actor: Actor, courseId: string, page: PageRequest) {
      const { a } = await readableCourse(actor, courseId, 'prerequisites');
      return courses.listPrerequisites(a.tenantId, courseId, page);
    },
    /** Adds "prerequisite before objective"; refuses an edge that would close a cycle, naming it. */
    async addPrerequisite(actor: Actor, objectiveId: string, prerequisiteId: string) {
      const a = tenantActor(actor);
      authorize(authz, a, 'prerequisites', 'write');
      const objective = await objectiveIn(a, objectiveId);
      const prerequisite = await courses.getObjective(a.tenantId, prerequisiteId);
      if (!prerequisite || prerequisite.courseId !== objective.courseId) {
        throw invalidInput('Unknown prerequisite', [
          { path: '/prerequisiteId', message: 'is not an objective of the same course' },
        ]);
      }
      const result = await courses.addPrerequisite(a.tenantId, { objectiveId, prerequisiteId });
      if ('cycle' in result) {
        const keys = new Map<string, string>();
        for (const id of new Set(result.cycle)) {
          keys.set(id, (await courses.getObjective(a.tenantId, id))?.key ?? id);
        }
        const named = result.cycle.map((id) => keys.get(id) ?? id);
        throw new AppError({
          kind: 'Conflict',
          code: 'prerequisite_cycle',
          message: `Adding this prerequisite would close a cycle: ${named.join(' -> ')}`,
          detail: { cycle: result.cycle.map((id) => ({ id, key: keys.get(id) ?? id })) },
        });
      }
      return 'added' in result
        ? { created: true, edge: result.added }
        : { created: false, edge: result.exists };
    },
    async removePrerequisite(actor: Actor, objectiveId: string, prerequisiteId: string) {
      const a = tenantActor(actor);
      authorize(authz, a, 'prerequisites', 'write');
      if (!(await courses.removePrerequisite(a.tenantId, { objectiveId, prerequisiteId }))) {
        throw notFound('Prerequisite');
      }
    },

    async listContent(actor: Actor, courseId: string, filter: ContentFilter, page: PageRequest) {
      const { a } = await readableCourse(actor, courseId, 'content');
      const result = await courses.listContent(a.tenantId, courseId, filter, page);
      return { items: result.items.map(presenter(a)), nextCursor: result.nextCursor };
    },
    async getContent(actor: Actor, id: string): Promise<ContentView> {
      const a = tenantActor(actor);
      authorize(authz, a, 'content', 'read');
      const content = await courses.getContent(a.tenantId, id);
      if (!content) {
        throw notFound('Content');
      }
      await readableCourse(actor, content.courseId, 'content');
      return presenter(a)(content);
    },
    async createContent(
      actor: Actor,
      courseId: string,
      input: Omit<ContentInput, 'objectives'> & { objectiveIds: string[] },
    ) {
      const { a } = await writableCourse(actor, courseId, 'content');
      await checkObjectives(a, courseId, input.objectiveIds, '/objectiveIds');
      await checkItem({ type: input.type, item: input.item });
      return courses.createContent(a.tenantId, courseId, { ...input, id: newId() });
    },
    async updateContent(
      actor: Actor,
      id: string,
      patch: Parameters<CourseStore['updateContent']>[2],
    ) {
      const a = tenantActor(actor);
      authorize(authz, a, 'content', 'write');
      const current = await courses.getContent(a.tenantId, id);
      if (!current) {
        throw notFound('Content');
      }
      if (patch.objectiveIds) {
        await checkObjectives(a, current.courseId, patch.objectiveIds, '/objectiveIds');
      }
      const item = patch.item !== undefined ? patch.item : current.item;
      await checkItem({ type: patch.type ?? current.type, item: item ?? undefined });
      return (
        (await courses.updateContent(a.tenantId, id, patch)) ?? Promise.reject(notFound('Content'))
      );
    },
    async deleteContent(actor: Actor, id: string) {
      const a = tenantActor(actor);
      authorize(authz, a, 'content', 'write');
      if (!(await courses.deleteContent(a.tenantId, id))) {
        throw notFound('Content');
      }
    },
  };
  return notifyAfter(
    service,
    [
      'updateCourse',
      'deleteCourse',
      'createObjective',
      'updateObjective',
      'deleteObjective',
      'addPrerequisite',
      'removePrerequisite',
      'createContent',
      'updateContent',
      'deleteContent',
    ],
    (actor) => {
      if (actor.kind === 'user') {
        onChanged?.(actor.tenantId);
      }
    },
  );
}

export type CourseService = ReturnType<typeof createCourseService>;
