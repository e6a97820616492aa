/**
 * COPPA consents and data rights (docs/PRIVACY.md): admins record and revoke consents, export
 * everything about a student, and erase a student (the id stays as a pseudonym).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { CONSENT_PURPOSES } from '../../domain/privacy/consent-policy.js';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { IdParams, Page, PageQuery, Timestamp, Uuid, problemResponses } from '../schemas.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const tags = ['privacy'];

const Purpose = Type.Union([
  Type.Literal('educational'),
  Type.Literal('llm'),
  Type.Literal('lrs_forwarding'),
  Type.Literal('third_party_analytics'),
]);
const Kind = Type.Union([Type.Literal('parental'), Type.Literal('school')]);

const Consent = Type.Object(
  {
    id: Uuid,
    tenantId: Uuid,
    studentId: Uuid,
    kind: Kind,
    scope: Type.Array(Purpose),
    grantedBy: Nullable(Type.String()),
    evidence: Nullable(Type.String()),
    grantedAt: Timestamp,
    recordedBy: Nullable(Uuid),
    recordedAt: Timestamp,
    revokedAt: Nullable(Timestamp),
    revokedBy: Nullable(Uuid),
    revocationNote: Nullable(Type.String()),
  },
  { title: 'Consent' },
);

const ConsentCreate = Type.Object(
  {
    kind: Type.Union([Type.Literal('parental'), Type.Literal('school')], {
      description:
        "parental: a parent or guardian; school: the school on the parent's behalf, for educational purposes only.",
    }),
    scope: Type.Array(Purpose, {
      minItems: 1,
      maxItems: CONSENT_PURPOSES.length,
      description:
        'What it covers: educational (collection beyond running the service), llm, lrs_forwarding, third_party_analytics (parental only).',
    }),
    grantedBy: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    evidence: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000 }))),
    grantedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false, title: 'ConsentCreate' },
);

const DataRightsRequest = Type.Object(
  {
    id: Uuid,
    tenantId: Uuid,
    studentId: Uuid,
    kind: Type.Union([Type.Literal('export'), Type.Literal('erasure')]),
    mode: Nullable(Type.Union([Type.Literal('delete'), Type.Literal('deidentify')])),
    status: Type.Union([
      Type.Literal('pending'),
      Type.Literal('completed'),
      Type.Literal('failed'),
    ]),
    requestedBy: Nullable(Uuid),
    reason: Nullable(Type.String()),
    requestedAt: Timestamp,
    completedAt: Nullable(Timestamp),
    outcome: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'DataRightsRequest' },
);

const StudentExport = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  title: 'StudentExport',
  description:
    'format, exportedAt, tenant, student, enrollments, consents, events, mastery, features, classAggregateContributions, dataRightsRequests.',
});

export function registerPrivacyRoutes(app: App, { consents, dataRights }: Services): void {
  const ConsentParams = Type.Object({ id: Uuid, consentId: Uuid });
  app.get(
    '/v1/students/:id/consents',
    {
      schema: {
        tags,
        summary: "A student's COPPA consents, revoked ones included (admins)",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Consent) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await consents.list(actorOf(req), req.params.id) }),
  );
  app.post(
    '/v1/students/:id/consents',
    {
      schema: {
        tags,
        summary: 'Record a COPPA consent for a student (admins)',
        params: IdParams,
        body: ConsentCreate,
        response: { 201: Consent, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await consents.record(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/v1/students/:id/consents/:consentId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a consent in force (admins)',
        params: ConsentParams,
        body: Type.Optional(
          Type.Object(
            { note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Consent, ...problemResponses },
      },
    },
    (req) =>
      consents.revoke(actorOf(req), req.params.id, req.params.consentId, req.body?.note ?? null),
  );
  app.get(
    '/v1/students/:id/export',
    {
      schema: {
        tags,
        summary: 'Everything held about a student, as JSON (admins)',
        description: 'Recorded as a data-rights request of kind export.',
        params: IdParams,
        response: { 200: StudentExport, ...problemResponses },
      },
    },
    (req) => dataRights.exportStudent(actorOf(req), req.params.id),
  );
  app.post(
    '/v1/students/:id/erasure',
    {
      schema: {
        tags,
        summary: 'Erase a student (admins)',
        description:
          'Deletes everything that ties the student id to a person and blanks the free text they wrote, in one transaction; ' +
          'events stay under the id, now a pseudonym, so class aggregates hold. `delete` also deletes mastery and features; ' +
          '`deidentify` keeps them. Idempotent.',
        params: IdParams,
        body: Type.Object(
          {
            mode: Type.Union([Type.Literal('delete'), Type.Literal('deidentify')]),
            reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            request: DataRightsRequest,
            outcome: Type.Record(Type.String(), Type.Unknown()),
          }),
          ...problemResponses,
        },
      },
    },
    (req) => dataRights.erase(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/v1/data-rights-requests',
    {
      schema: {
        tags,
        summary: 'Data-rights requests of the tenant (admins)',
        querystring: Type.Object({ ...PageQuery, studentId: Type.Optional(Uuid) }),
        response: { 200: Page(DataRightsRequest, 'DataRightsRequest'), ...problemResponses },
      },
    },
    (req) => dataRights.listRequests(actorOf(req), { studentId: req.query.studentId }, req.query),
  );
}
