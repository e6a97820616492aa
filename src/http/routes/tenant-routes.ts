import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { IdParams, Page, PageQuery, Tenant, TenantCreate, problemResponses } from '../schemas.js';

const tags = ['tenants'];

export function registerTenantRoutes(app: App, { tenants }: Services): void {
  app.get(
    '/v1/tenants',
    {
      schema: {
        tags,
        summary: 'List tenants (operators)',
        querystring: Type.Object(PageQuery),
        response: { 200: Page(Tenant, 'Tenant'), ...problemResponses },
      },
    },
    (req) => tenants.list(actorOf(req), req.query),
  );
  app.post(
    '/v1/tenants',
    {
      schema: {
        tags,
        summary: 'Create a tenant (operators)',
        body: TenantCreate,
        response: { 201: Tenant, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await tenants.create(actorOf(req), req.body)),
  );
  app.get(
    '/v1/tenants/:id',
    {
      schema: {
        tags,
        summary: 'Get a tenant (operators)',
        params: IdParams,
        response: { 200: Tenant, ...problemResponses },
      },
    },
    (req) => tenants.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/v1/tenants/:id',
    {
      schema: {
        tags,
        summary: 'Update a tenant (operators)',
        params: IdParams,
        body: Type.Partial(TenantCreate, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Tenant, ...problemResponses },
      },
    },
    (req) => tenants.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/v1/tenants/:id',
    {
      schema: {
        tags,
        summary: 'Delete a tenant and all its data (operators)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await tenants.delete(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
