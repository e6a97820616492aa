import { Type } from '@sinclair/typebox';
import { CoursePackageSchema } from '../../domain/course-package/course-package-schema.js';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import {
  Content,
  ContentCreate,
  ContentTypeQuery,
  ContentUpdate,
  Course,
  CourseCreate,
  CourseUpdate,
  IdParams,
  ImportSummary,
  Objective,
  ObjectiveCreate,
  ObjectiveUpdate,
  Page,
  PageQuery,
  Prerequisite,
  PrerequisiteCreate,
  Uuid,
  problemResponses,
} from '../schemas.js';

const NoContent = { 204: Type.Null(), ...problemResponses };

export function registerCourseRoutes(
  app: App,
  { courses }: Services,
  opts: { importLimitBytes: number },
): void {
  const tags = ['courses'];
  app.get(
    '/v1/courses',
    {
      schema: {
        tags,
        summary: 'List courses',
        description: 'Students see the courses they are enrolled in.',
        querystring: Type.Object(PageQuery),
        response: { 200: Page(Course, 'Course'), ...problemResponses },
      },
    },
    (req) => courses.listCourses(actorOf(req), req.query),
  );
  app.post(
    '/v1/courses',
    {
      schema: {
        tags,
        summary: 'Create an empty course',
        body: CourseCreate,
        response: { 201: Course, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await courses.createCourse(actorOf(req), req.body)),
  );
  app.post(
    '/v1/courses/import',
    {
      bodyLimit: opts.importLimitBytes,
      schema: {
        tags,
        summary: 'Import a course package',
        description:
          'Creates a course with its objectives, prerequisites and content from a package (schema: /v1/schemas/course-package.json). ' +
          'All or nothing: an invalid package gets 400 listing the JSON Pointer of every problem, and nothing is stored.',
        body: Type.Unknown({ description: 'A course package.' }),
        response: { 201: ImportSummary, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await courses.importCourse(actorOf(req), req.body)),
  );
  app.get(
    '/v1/courses/:id',
    {
      schema: {
        tags,
        summary: 'Get a course',
        params: IdParams,
        response: { 200: Course, ...problemResponses },
      },
    },
    (req) => courses.getCourse(actorOf(req), req.params.id),
  );
  app.patch(
    '/v1/courses/:id',
    {
      schema: {
        tags,
        summary: 'Update a course',
        params: IdParams,
        body: CourseUpdate,
        response: { 200: Course, ...problemResponses },
      },
    },
    (req) => courses.updateCourse(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/v1/courses/:id',
    {
      schema: {
        tags,
        summary: 'Delete a course with everything in it',
        params: IdParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      await courses.deleteCourse(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  const otags = ['objectives'];
  app.get(
    '/v1/courses/:id/objectives',
    {
      schema: {
        tags: otags,
        summary: 'List the objectives of a course',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Page(Objective, 'Objective'), ...problemResponses },
      },
    },
    (req) => courses.listObjectives(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/v1/courses/:id/objectives',
    {
      schema: {
        tags: otags,
        summary: 'Add an objective',
        params: IdParams,
        body: ObjectiveCreate,
        response: { 201: Objective, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await courses.createObjective(actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/v1/objectives/:id',
    {
      schema: {
        tags: otags,
        summary: 'Get an objective',
        params: IdParams,
        response: { 200: Objective, ...problemResponses },
      },
    },
    (req) => courses.getObjective(actorOf(req), req.params.id),
  );
  app.patch(
    '/v1/objectives/:id',
    {
      schema: {
        tags: otags,
        summary: 'Update an objective',
        params: IdParams,
        body: ObjectiveUpdate,
        response: { 200: Objective, ...problemResponses },
      },
    },
    (req) => courses.updateObjective(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/v1/objectives/:id',
    {
      schema: {
        tags: otags,
        summary: 'Delete an objective and its edges',
        params: IdParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      await courses.deleteObjective(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  const ptags = ['prerequisites'];
  app.get(
    '/v1/courses/:id/prerequisites',
    {
      schema: {
        tags: ptags,
        summary: 'List the prerequisite edges of a course',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Page(Prerequisite, 'Prerequisite'), ...problemResponses },
      },
    },
    (req) => courses.listPrerequisites(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/v1/objectives/:id/prerequisites',
    {
      schema: {
        tags: ptags,
        summary: 'Add a prerequisite to an objective',
        description:
          'Refused with 409 `prerequisite_cycle` naming the cycle if the edge would close one. Adding an existing edge answers 200.',
        params: IdParams,
        body: PrerequisiteCreate,
        response: { 200: Prerequisite, 201: Prerequisite, ...problemResponses },
      },
    },
    async (req, reply) => {
      const { created, edge } = await courses.addPrerequisite(
        actorOf(req),
        req.params.id,
        req.body.prerequisiteId,
      );
      return reply.code(created ? 201 : 200).send(edge);
    },
  );
  app.delete(
    '/v1/objectives/:id/prerequisites/:prerequisiteId',
    {
      schema: {
        tags: ptags,
        summary: 'Remove a prerequisite edge',
        params: Type.Object({ id: Uuid, prerequisiteId: Uuid }),
        response: NoContent,
      },
    },
    async (req, reply) => {
      await courses.removePrerequisite(actorOf(req), req.params.id, req.params.prerequisiteId);
      return reply.code(204).send(null);
    },
  );

  const ctags = ['content'];
  app.get(
    '/v1/courses/:id/content',
    {
      schema: {
        tags: ctags,
        summary: 'List the content of a course',
        description: 'Students get items without answer keys or hints.',
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery,
          type: ContentTypeQuery,
          objectiveId: Type.Optional(Uuid),
        }),
        response: { 200: Page(Content, 'Content'), ...problemResponses },
      },
    },
    (req) =>
      courses.listContent(
        actorOf(req),
        req.params.id,
        { type: req.query.type, objectiveId: req.query.objectiveId },
        req.query,
      ),
  );
  app.post(
    '/v1/courses/:id/content',
    {
      schema: {
        tags: ctags,
        summary: 'Add content',
        params: IdParams,
        body: ContentCreate,
        response: { 201: Content, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await courses.createContent(actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/v1/content/:id',
    {
      schema: {
        tags: ctags,
        summary: 'Get content',
        params: IdParams,
        response: { 200: Content, ...problemResponses },
      },
    },
    (req) => courses.getContent(actorOf(req), req.params.id),
  );
  app.patch(
    '/v1/content/:id',
    {
      schema: {
        tags: ctags,
        summary: 'Update content',
        params: IdParams,
        body: ContentUpdate,
        response: { 200: Content, ...problemResponses },
      },
    },
    (req) => courses.updateContent(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/v1/content/:id',
    { schema: { tags: ctags, summary: 'Delete content', params: IdParams, response: NoContent } },
    async (req, reply) => {
      await courses.deleteContent(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}

/** The course package JSON Schema, public (no key needed). */
export function registerSchemaRoutes(app: App): void {
  app.get(
    '/v1/schemas/course-package.json',
    {
      schema: {
        tags: ['courses'],
        summary: 'The JSON Schema of a course package',
        security: [],
        response: { 200: Type.Unknown() },
      },
    },
    async (_req, reply) => reply.type('application/schema+json').send(CoursePackageSchema),
  );
}
