import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import {
  IdParams,
  Page,
  PageQuery,
  User,
  UserCreate,
  UserUpdate,
  problemResponses,
} from '../schemas.js';

const tags = ['users'];

export function registerUserRoutes(app: App, { users }: Services): void {
  app.get(
    '/v1/users',
    {
      schema: {
        tags,
        summary: 'List users you may see',
        description:
          'Admins see the tenant; instructors the people in their sections; students themselves.',
        querystring: Type.Object({
          ...PageQuery,
          role: Type.Optional(
            Type.Union([
              Type.Literal('student'),
              Type.Literal('instructor'),
              Type.Literal('admin'),
            ]),
          ),
        }),
        response: { 200: Page(User, 'User'), ...problemResponses },
      },
    },
    (req) => users.list(actorOf(req), { role: req.query.role }, req.query),
  );
  app.post(
    '/v1/users',
    {
      schema: {
        tags,
        summary: 'Create a user (admins)',
        body: UserCreate,
        response: { 201: User, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await users.create(actorOf(req), req.body)),
  );
  app.get(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Get a user',
        params: IdParams,
        response: { 200: User, ...problemResponses },
      },
    },
    (req) => users.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Update a user (admins)',
        params: IdParams,
        body: UserUpdate,
        response: { 200: User, ...problemResponses },
      },
    },
    (req) => users.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Delete a user (admins)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await users.delete(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
