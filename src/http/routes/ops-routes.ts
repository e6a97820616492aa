import { Type } from '@sinclair/typebox';
import type { Registry } from 'prom-client';
import type { DatabaseHealth, EventBus } from '../../ports.js';
import type { App } from '../app-types.js';

const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Object({
    database: Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()) }),
    bus: Type.Object({
      ok: Type.Boolean(),
      kind: Type.String({ description: 'in-process or nats' }),
      error: Type.Optional(Type.String()),
    }),
    migrations: Type.Object({ ok: Type.Boolean(), pending: Type.Array(Type.String()) }),
  }),
});

export function registerOpsRoutes(
  app: App,
  deps: { health: DatabaseHealth; bus: Pick<EventBus, 'kind' | 'check'>; metrics: Registry },
): void {
  const tags = ['operations'];
  app.get(
    '/health',
    {
      schema: {
        tags,
        summary: 'Liveness: the process answers',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags,
        summary: 'Readiness: the database answers, migrations are current, the event bus answers',
        security: [],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_req, reply) => {
      const [db, bus] = await Promise.all([deps.health.check(), deps.bus.check()]);
      const ready = db.reachable && db.pendingMigrations.length === 0 && bus.ok;
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        checks: {
          database: { ok: db.reachable, ...(db.error ? { error: db.error } : {}) },
          bus: { ok: bus.ok, kind: deps.bus.kind, ...(bus.error ? { error: bus.error } : {}) },
          migrations: {
            ok: db.reachable && db.pendingMigrations.length === 0,
            pending: db.pendingMigrations,
          },
        },
      });
    },
  );
  app.get(
    '/metrics',
    { schema: { tags, summary: 'Prometheus metrics', security: [], hide: false } },
    async (_req, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()),
  );
}
