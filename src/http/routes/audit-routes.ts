import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { Page, PageQuery, Timestamp, Uuid, problemResponses } from '../schemas.js';

const AuditEntry = Type.Object(
  {
    id: Uuid,
    seq: Type.Integer({ description: 'Arrival order in the database.' }),
    at: Timestamp,
    actorKind: Type.Union([
      Type.Literal('user'),
      Type.Literal('service_key'),
      Type.Literal('operator'),
      Type.Literal('system'),
    ]),
    actorId: Type.Union([Type.String(), Type.Null()]),
    role: Type.String(),
    purpose: Type.String(),
    subjectId: Type.String({ description: 'The student whose record was read or written.' }),
    action: Type.Union([Type.Literal('read'), Type.Literal('write')]),
    resource: Type.String(),
    requestId: Type.Union([Type.String(), Type.Null()]),
    chainIndex: Type.Union([Type.Integer(), Type.Null()]),
    prevHash: Type.Union([Type.String(), Type.Null()]),
    hash: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'AuditEntry' },
);

export function registerAuditRoutes(app: App, { audit }: Services): void {
  app.get(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of student records (tenant admins)',
        description:
          "Who read or wrote which student's record, when, how, why (purpose) and in which request, oldest first; " +
          '`studentId` narrows it to one student. Entries are hash-chained per tenant (`prevHash`, `hash`); ' +
          'pending entries are sealed before the page is read. Reading the log is itself audited. ' +
          'Callers may state a purpose with the `X-Pathwise-Purpose` header.',
        querystring: Type.Object({ ...PageQuery, studentId: Type.Optional(Uuid) }),
        response: { 200: Page(AuditEntry, 'AuditEntry'), ...problemResponses },
      },
    },
    async (req) => {
      const page = await audit.list(actorOf(req), { studentId: req.query.studentId }, req.query);
      return {
        items: page.items.map(({ tenantId: _t, ...e }) => e),
        nextCursor: page.nextCursor,
      };
    },
  );
}
