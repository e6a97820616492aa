/**
 * Builds the HTTP application from services; does not listen. `src/main.ts` listens, tests use
 * `app.inject()`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { uuidv7 } from 'uuidv7';
import type { DatabaseHealth, EventBus, IngestStats } from '../ports.js';
import type { App, Services } from './app-types.js';
import { SESSION_COOKIE, createAuthenticate } from './auth.js';
import { problem, sendProblem, toProblem } from './errors.js';
import { securityHeaders } from './security-headers.js';
import { registerAnalyticsRoutes } from './routes/analytics-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerCourseRoutes, registerSchemaRoutes } from './routes/course-routes.js';
import { registerEventRoutes } from './routes/event-routes.js';
import { registerInterventionRoutes } from './routes/intervention-routes.js';
import { registerOpsRoutes } from './routes/ops-routes.js';
import { registerPracticeRoutes } from './routes/practice-routes.js';
import { registerPrivacyRoutes } from './routes/privacy-routes.js';
import { registerRecommendationRoutes } from './routes/recommendation-routes.js';
import { registerSectionControlRoutes } from './routes/section-control-routes.js';
import { registerSectionRoutes } from './routes/section-routes.js';
import { registerTenantRoutes } from './routes/tenant-routes.js';
import { registerModelRoutes } from './routes/model-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { findNul } from './reject-nul.js';
import { Problem } from './schemas.js';

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Every route registered, as `METHOD /url` (HEAD routes fastify adds for GETs excluded). */
    registeredRoutes: () => readonly string[];
  }
}

export interface HttpAppDeps {
  services: Services;
  health: DatabaseHealth;
  bus: Pick<EventBus, 'kind' | 'check'>;
  logger: Logger;
  http: {
    bodyLimitBytes: number;
    importLimitBytes: number;
    publicUrl: string;
    /** Other origins that video and audio may come from (CSP `media-src`); default none. */
    mediaOrigins?: readonly string[];
    /** Most `POST /v1/events` requests in progress at once; default 100. */
    eventsMaxInFlight?: number;
  };
  session: { cookieSecure: boolean; ttlHours: number };
  /**
   * Requests per minute per credential and per tenant on `/v1`. With a Redis client the counts
   * are shared by every process; without, each process counts alone.
   */
  rateLimit: { perKeyPerMinute: number; perTenantPerMinute: number; redis?: unknown };
  /** Folder of the built web app; when missing, `/` explains how to build it. */
  webDir: string | undefined;
  version: string;
  /** Ingestion statements and the requests they wrote (group commit), for `/metrics`. */
  ingestStats?: IngestStats;
}

const API_PREFIXES = ['/v1/', '/auth/', '/health', '/ready', '/metrics', '/openapi.json', '/docs'];

export async function buildHttpApp(deps: HttpAppDeps): Promise<App> {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: deps.http.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : uuidv7();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors the router raises before any route runs (bad URL, over-long parameter).
    frameworkErrors: (error, req, reply) => {
      const status =
        typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
      void sendProblem(reply, problem(req, status, 'bad_request', error.message));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Recorded as they are registered, so a test can walk every route (access matrix).
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') {
        routes.push(`${method} ${route.url}`);
      }
    }
  });
  app.decorate('registeredRoutes', () => routes);

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics],
  });
  const ingestStats = deps.ingestStats;
  if (ingestStats) {
    // Requests per statement is the group-commit batch size (1 at low load).
    for (const [key, name, help] of [
      ['statements', 'statements', 'Ingestion statements sent to the database'],
      ['requests', 'requests', 'Ingestion requests written by those statements, alone or grouped'],
      [
        'staleRetries',
        'stale_retries',
        'Ingestion requests derived again because a learner state changed meanwhile',
      ],
    ] as const) {
      new Counter({
        name: `pathwise_ingest_${name}_total`,
        help,
        registers: [metrics],
        collect() {
          this.reset();
          this.inc(ingestStats[key]);
        },
      });
    }
  }
  app.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    latency.observe(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.addHook('preValidation', (req, reply, done) => {
    const at = req.body === undefined ? null : findNul(req.body);
    if (at) {
      void sendProblem(
        reply,
        problem(req, 400, 'invalid_input', `${at} contains a NUL character`, {
          errors: [
            { path: at, in: 'body', message: 'must not contain the NUL character (\\u0000)' },
          ],
        }),
      );
      return;
    }
    done();
  });

  app.decorateRequest('actor', null);
  app.decorate('authenticate', createAuthenticate(deps.services.auth));
  app.addSchema(Problem);

  app.setErrorHandler((error, req, reply) => {
    const body = toProblem(req, error);
    if (body.status >= 500) {
      req.log.error({ err: error }, 'request failed');
    } else {
      req.log.info({ code: body.code, status: body.status }, body.detail);
    }
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    const isApi = API_PREFIXES.some((p) => path.startsWith(p));
    if (
      !isApi &&
      req.method === 'GET' &&
      deps.webDir &&
      existsSync(join(deps.webDir, 'index.html'))
    ) {
      return reply.type('text/html').send(await readFile(join(deps.webDir, 'index.html')));
    }
    return sendProblem(reply, problem(req, 404, 'not_found', `No route for ${req.method} ${path}`));
  });

  await app.register(cookie);
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", ...(deps.http.mediaOrigins ?? [])],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pathwise API',
        version: deps.version,
        description:
          'Adaptive learning platform API. Authenticate with `Authorization: Bearer <api key>` (create one with ' +
          '`pathwise keys create`) or the web session cookie. Errors are `application/problem+json` naming the field at fault. ' +
          'Lists page with `?limit=&cursor=`.',
      },
      servers: [{ url: deps.http.publicUrl }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A Pathwise API key (pw_...)' },
          session: { type: 'apiKey', in: 'cookie', name: 'pathwise_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  registerOpsRoutes(app, { health: deps.health, bus: deps.bus, metrics });
  registerSchemaRoutes(app);
  registerAuthRoutes(app, deps.services, {
    ...deps.session,
    mediaOrigins: deps.http.mediaOrigins ?? [],
  });

  await app.register(async (v1: App) => {
    v1.addHook('onRequest', v1.authenticate);
    // Two limits, both after authentication: one per tenant, one per credential (key or session).
    // If Redis fails, requests pass rather than fail: limits protect, they must not take the API down.
    const limits = {
      hook: 'preHandler' as const,
      timeWindow: 60_000,
      skipOnError: true,
      redis: deps.rateLimit.redis,
    };
    await v1.register(rateLimit, {
      ...limits,
      max: deps.rateLimit.perTenantPerMinute,
      nameSpace: 'pathwise-rl-tenant-',
      keyGenerator: (req) => (req.actor?.kind === 'user' ? req.actor.tenantId : 'operators'),
    });
    await v1.register(async (keyed: App) => {
      await keyed.register(rateLimit, {
        ...limits,
        max: deps.rateLimit.perKeyPerMinute,
        nameSpace: 'pathwise-rl-key-',
        keyGenerator: (req) =>
          createHash('sha256')
            .update(req.headers.authorization ?? req.cookies[SESSION_COOKIE] ?? req.ip)
            .digest('base64url'),
      });
      registerTenantRoutes(keyed, deps.services);
      registerUserRoutes(keyed, deps.services);
      registerCourseRoutes(keyed, deps.services, { importLimitBytes: deps.http.importLimitBytes });
      registerSectionRoutes(keyed, deps.services);
      registerEventRoutes(keyed, deps.services, {
        maxInFlight: deps.http.eventsMaxInFlight ?? 100,
      });
      registerModelRoutes(keyed, deps.services);
      registerPrivacyRoutes(keyed, deps.services);
      registerAuditRoutes(keyed, deps.services);
      registerRecommendationRoutes(keyed, deps.services);
      registerSectionControlRoutes(keyed, deps.services);
      registerInterventionRoutes(keyed, deps.services);
      registerAnalyticsRoutes(keyed, deps.services);
      registerPracticeRoutes(keyed, deps.services);
    });
  });

  if (deps.webDir && existsSync(deps.webDir)) {
    await app.register(fastifyStatic, {
      root: deps.webDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  } else {
    app.get('/', { schema: { hide: true } }, (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><title>Pathwise</title><h1>Pathwise</h1><p>The web app is not built. Run <code>npm run build:web</code>.</p><p><a href="/docs">API docs</a></p>',
        ),
    );
  }
  return app;
}
