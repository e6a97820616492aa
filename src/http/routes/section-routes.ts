import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import {
  Enrollment,
  EnrollmentCreate,
  EnrollmentUpdate,
  IdParams,
  Page,
  PageQuery,
  Section,
  SectionCreate,
  SectionUpdate,
  problemResponses,
} from '../schemas.js';

const tags = ['sections'];

export function registerSectionRoutes(app: App, { sections, classAggregates }: Services): void {
  app.get(
    '/v1/courses/:id/sections',
    {
      schema: {
        tags,
        summary: 'List the sections of a course',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Page(Section, 'Section'), ...problemResponses },
      },
    },
    (req) => sections.list(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/v1/courses/:id/sections',
    {
      schema: {
        tags,
        summary: 'Create a section (admins)',
        params: IdParams,
        body: SectionCreate,
        response: { 201: Section, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await sections.create(actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/v1/sections/:id',
    {
      schema: {
        tags,
        summary: 'Get a section',
        params: IdParams,
        response: { 200: Section, ...problemResponses },
      },
    },
    (req) => sections.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/v1/sections/:id',
    {
      schema: {
        tags,
        summary: 'Update a section (admins)',
        params: IdParams,
        body: SectionUpdate,
        response: { 200: Section, ...problemResponses },
      },
    },
    (req) => sections.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/v1/sections/:id',
    {
      schema: {
        tags,
        summary: 'Delete a section (admins)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await sections.delete(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/sections/:id/aggregates',
    {
      schema: {
        tags,
        summary: 'Live class aggregates per objective',
        description:
          "Attempts, accuracy, and the distribution of the students' P(mastered) in tenths, per objective; kept current by a consumer of the event bus, within seconds of each event.",
        params: IdParams,
        response: {
          200: Type.Object({
            sectionId: Type.String(),
            items: Type.Array(
              Type.Object({
                sectionId: Type.String(),
                objectiveId: Type.String(),
                attempts: Type.Integer(),
                correct: Type.Integer(),
                accuracy: Type.Union([Type.Number(), Type.Null()]),
                masteryHistogram: Type.Array(Type.Integer(), { minItems: 10, maxItems: 10 }),
                mastered: Type.Integer(),
                updatedAt: Type.String(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    (req) => classAggregates.forSection(actorOf(req), req.params.id),
  );

  const etags = ['enrollments'];
  app.get(
    '/v1/sections/:id/enrollments',
    {
      schema: {
        tags: etags,
        summary: 'List a section roster',
        description: 'Instructors see the sections they teach; students only their own enrollment.',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Page(Enrollment, 'Enrollment'), ...problemResponses },
      },
    },
    (req) => sections.listEnrollments(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/v1/sections/:id/enrollments',
    {
      schema: {
        tags: etags,
        summary: 'Enroll a user (admins)',
        params: IdParams,
        body: EnrollmentCreate,
        response: { 201: Enrollment, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await sections.enroll(actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/v1/enrollments/:id',
    {
      schema: {
        tags: etags,
        summary: 'Get an enrollment',
        params: IdParams,
        response: { 200: Enrollment, ...problemResponses },
      },
    },
    (req) => sections.getEnrollment(actorOf(req), req.params.id),
  );
  app.patch(
    '/v1/enrollments/:id',
    {
      schema: {
        tags: etags,
        summary: 'Change an enrollment role (admins)',
        params: IdParams,
        body: EnrollmentUpdate,
        response: { 200: Enrollment, ...problemResponses },
      },
    },
    (req) => sections.updateEnrollment(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/v1/enrollments/:id',
    {
      schema: {
        tags: etags,
        summary: 'Remove an enrollment (admins)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await sections.unenroll(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
