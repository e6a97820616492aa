/**
 * The knowledge-tracing model registry for operators: list fits, promote a version, roll back.
 * Training is CPU-bound and runs as `pathwise train` (a job), not inside an API process.
 */
import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { Timestamp, Uuid, problemResponses } from '../schemas.js';

const tags = ['models'];

const ModelName = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' });
const Version = Type.String({
  pattern: '^(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})$',
});

export const ModelRecordSchema = Type.Object(
  {
    id: Uuid,
    tenantId: Type.Union([Uuid, Type.Null()]),
    name: Type.String(),
    version: Type.String(),
    status: Type.Union([
      Type.Literal('candidate'),
      Type.Literal('promoted'),
      Type.Literal('retired'),
    ]),
    dataHash: Type.String(),
    gitCommit: Type.Union([Type.String(), Type.Null()]),
    paramsSha256: Type.String(),
    metrics: Type.Record(Type.String(), Type.Unknown()),
    trainingData: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Timestamp,
    promotedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { title: 'KtModel' },
);

/** The scope of a promotion or rollback: a tenant's models, or the platform's (absent or null). */
const ScopeBody = Type.Object(
  { tenantId: Type.Optional(Type.Union([Uuid, Type.Null()])) },
  { additionalProperties: false },
);

export function registerModelRoutes(app: App, { models }: Services): void {
  app.get(
    '/v1/models',
    {
      schema: {
        tags,
        summary: 'List registered knowledge-tracing models, newest first (operators)',
        querystring: Type.Object(
          {
            tenantId: Type.Optional(Uuid),
            platform: Type.Optional(Type.Boolean()),
            name: Type.Optional(ModelName),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(ModelRecordSchema) }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({
      items: await models.list(actorOf(req), {
        tenantId: req.query.tenantId ?? (req.query.platform ? null : undefined),
        ...(req.query.name ? { name: req.query.name } : {}),
      }),
    }),
  );
  app.post(
    '/v1/models/:name/versions/:version/promote',
    {
      schema: {
        tags,
        summary: 'Serve this version from now on, in every process (operators)',
        params: Type.Object({ name: ModelName, version: Version }),
        body: ScopeBody,
        response: { 200: ModelRecordSchema, ...problemResponses },
      },
    },
    (req) =>
      models.promote(
        actorOf(req),
        req.body.tenantId ?? null,
        `${req.params.name}@${req.params.version}`,
      ),
  );
  app.post(
    '/v1/models/:name/rollback',
    {
      schema: {
        tags,
        summary: 'Go back to the version promoted before the current one (operators)',
        params: Type.Object({ name: ModelName }),
        body: ScopeBody,
        response: {
          200: Type.Object({
            retired: ModelRecordSchema,
            promoted: Type.Union([ModelRecordSchema, Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    (req) => models.rollback(actorOf(req), req.body.tenantId ?? null, req.params.name),
  );
}
