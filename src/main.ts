/**
 * The composition root: the only module that picks adapters. It loads config, builds the logger,
 * opens the database (a server when DATABASE_URL is set, else embedded PGlite), migrates, wires
 * the services, seeds the demo on first start and starts the requested roles.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { createCasbinAuthorizer } from './adapters/casbin/casbin-authorizer.js';
import { createInProcessEventBus } from './adapters/memory/in-process-event-bus.js';
import { createNatsEventBus } from './adapters/nats/nats-event-bus.js';
import { createPostgresClassAggregateStore } from './adapters/postgres/postgres-class-aggregate-store.js';
import { createPostgresInterventionStore } from './adapters/postgres/postgres-intervention-store.js';
import { createPostgresLearningStore } from './adapters/postgres/postgres-learning-store.js';
import { migrateToLatest, openDatabase, type SqlDatabase } from './adapters/postgres/database.js';
import { createPostgresCourseStore } from './adapters/postgres/postgres-course-store.js';
import { createPostgresCredentialStore } from './adapters/postgres/postgres-credential-store.js';
import { createPostgresHealth } from './adapters/postgres/postgres-health.js';
import { createPostgresSectionStore } from './adapters/postgres/postgres-section-store.js';
import { createPostgresTenantStore } from './adapters/postgres/postgres-tenant-store.js';
import { createPostgresUserStore } from './adapters/postgres/postgres-user-store.js';
import { withErrorTranslation } from './adapters/postgres/translate-errors.js';
import { createSmtpMailer } from './adapters/smtp/smtp-mailer.js';
import type { Config } from './config.js';
import { buildHttpApp } from './http/app.js';
import type { App } from './http/app-types.js';
import { BktModel } from './domain/knowledge-tracing/bkt.js';
import { createPiiRedactor } from './domain/privacy/pii-redactor.js';
import { startConsumers } from './jobs/consumer-runner.js';
import type { Clock, EventBus } from './ports.js';
import {
  createClassAggregatesConsumer,
  createClassAggregatesService,
} from './services/class-aggregates.js';
import { createCourseCatalogCache } from './services/course-catalog.js';
import { createIngestionService, type ServedModel } from './services/ingest-events.js';
import {
  createInactivitySweep,
  createInterventionDelivery,
  createInterventionService,
  createInterventionsConsumer,
} from './services/interventions.js';
import { createLearnerRecordsService } from './services/learner-records.js';
import { createOutboxRelay } from './services/outbox-relay.js';
import { createAuthService } from './services/auth-service.js';
import { createCourseService } from './services/course-service.js';
import type { DemoCredentials } from './services/seed-demo.js';
import { createSectionService } from './services/section-service.js';
import { createTenantService } from './services/tenant-service.js';
import { createUserService } from './services/user-service.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The process logger: JSON lines or pretty, to stdout by default. Commands whose stdout is their
 * result (the CLI) pass `destination: 2` so logs go to stderr.
 */
export function createLogger(config: Pick<Config, 'log'>, destination: 1 | 2 = 1): Logger {
  if (config.log.format === 'pretty') {
    return pino({
      level: config.log.level,
      transport: {
        target: 'pino-pretty',
        options: {
          colorize: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
          destination,
        },
      },
    });
  }
  return pino({ level: config.log.level }, pino.destination(destination));
}

/** Everything the process runs on, wired once. */
export async function createContainer(
  config: Config,
  logger: Logger,
  opts: { migrate?: boolean; database?: SqlDatabase } = {},
) {
  const database: SqlDatabase =
    opts.database ??
    (await openDatabase({
      url: config.database.url,
      dataDir: config.dataDir.startsWith('memory://')
        ? config.dataDir
        : join(config.dataDir, 'pgdata'),
      poolSize: config.database.poolSize,
      onIdleConnectionError: (error) =>
        logger.warn({ err: error }, 'an idle database connection failed; it will be replaced'),
    }));
  logger.info(
    { database: database.kind, ...(database.kind === 'pglite' ? { dataDir: config.dataDir } : {}) },
    'database opened',
  );
  if (opts.migrate ?? true) {
    await migrateToLatest(database.db, logger);
  }
  const { db } = database;
  const clock: Clock = { now: () => new Date() };
  const newId = () => uuidv7();
  const stores = {
    tenants: withErrorTranslation(createPostgresTenantStore(db)),
    users: withErrorTranslation(createPostgresUserStore(db)),
    courses: withErrorTranslation(createPostgresCourseStore(db)),
    sections: withErrorTranslation(createPostgresSectionStore(db)),
    credentials: withErrorTranslation(createPostgresCredentialStore(db)),
    learning: withErrorTranslation(createPostgresLearningStore(db)),
    aggregates: withErrorTranslation(createPostgresClassAggregateStore(db)),
    interventions: withErrorTranslation(createPostgresInterventionStore(db)),
  };
  const bus: EventBus = config.bus.natsUrl
    ? await createNatsEventBus({
        url: config.bus.natsUrl,
        streamName: config.bus.stream,
        subjectPrefix: config.bus.subjectPrefix,
        logger: logger.child({ component: 'bus' }),
      })
    : createInProcessEventBus({ logger: logger.child({ component: 'bus' }) });
  // Shared rate-limit counters; never the only copy of anything (DESIGN.md).
  const redis = config.rateLimit.redisUrl
    ? new Redis(config.rateLimit.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
      })
    : undefined;
  redis?.on('error', (error: Error) =>
    logger.warn(
      { err: error },
      'redis unavailable; rate limits are not enforced until it answers again',
    ),
  );
  const relay = createOutboxRelay({
    learning: stores.learning,
    bus,
    logger: logger.child({ component: 'outbox' }),
  });
  const catalog = createCourseCatalogCache({ courses: stores.courses, now: () => Date.now() });
  // Plain BKT with textbook parameters until a trained model is promoted (knowledge-tracing issue).
  const defaultModel: ServedModel = new BktModel({
    name: 'bkt-default',
    forgetting: false,
    combine: 'mean-logit',
    objectives: new Map(),
    fallback: { prior: 0.2, learn: 0.15, forget: 0, guess: 0.2, slip: 0.1 },
  });
  const authz = await createCasbinAuthorizer(logger);
  const mailer = config.smtp.url
    ? createSmtpMailer({ url: config.smtp.url, from: config.smtp.from })
    : undefined;
  const deliverInterventions = createInterventionDelivery({
    mailer,
    users: stores.users,
    interventions: stores.interventions,
    now: () => clock.now(),
    logger: logger.child({ component: 'intervention-email' }),
  });
  const auth = createAuthService({
    ...stores,
    clock,
    newId,
    sessionTtlHours: config.session.ttlHours,
  });
  const services = {
    auth,
    tenants: createTenantService({ tenants: stores.tenants, authz, newId }),
    users: createUserService({ users: stores.users, sections: stores.sections, authz, newId }),
    courses: createCourseService({
      courses: stores.courses,
      sections: stores.sections,
      authz,
      newId,
      onChanged: (tenantId) => catalog.invalidateTenant(tenantId),
    }),
    sections: createSectionService({
      sections: stores.sections,
      courses: stores.courses,
      users: stores.users,
      authz,
      newId,
    }),
    ingestion: createIngestionService({
      learning: stores.learning,
      catalog,
      users: stores.users,
      authz,
      newId,
      now: () => clock.now(),
      model: () => defaultModel,
      createRedactor: (roster) => {
        const redactor = createPiiRedactor({ roster });
        return (text) => redactor.redact(text).text;
      },
      onCommitted: () => relay.poke(),
    }),
    learnerRecords: createLearnerRecordsService({
      learning: stores.learning,
      users: stores.users,
      sections: stores.sections,
      catalog,
      authz,
      now: () => clock.now(),
    }),
    classAggregates: createClassAggregatesService({
      aggregates: stores.aggregates,
      sections: stores.sections,
      authz,
    }),
    interventions: createInterventionService({
      interventions: stores.interventions,
      sections: stores.sections,
      users: stores.users,
      catalog,
      authz,
      outcomeAttempts: config.interventions.outcomeAttempts,
      deliver: deliverInterventions,
    }),
  };
  const consumers = [
    createClassAggregatesConsumer({
      aggregates: stores.aggregates,
      catalog,
      logger: logger.child({ consumer: 'class-aggregates' }),
    }),
    createInterventionsConsumer({
      interventions: stores.interventions,
      catalog,
      model: () => defaultModel,
      newId,
      now: () => clock.now(),
      config: {
        perHour: config.interventions.perHour,
        outcomeAttempts: config.interventions.outcomeAttempts,
      },
      deliver: deliverInterventions,
      logger: logger.child({ consumer: 'interventions' }),
    }),
  ];
  const inactivitySweep = createInactivitySweep({
    interventions: stores.interventions,
    newId,
    now: () => clock.now(),
    days: config.interventions.inactivityDays,
    logger: logger.child({ job: 'inactivity-sweep' }),
  });
  return {
    database,
    stores,
    services,
    inactivitySweep,
    health: createPostgresHealth(db),
    clock,
    newId,
    authz,
    bus,
    relay,
    consumers,
    catalog,
    redis,
    async close() {
      await relay.stop();
      await bus.close();
      redis?.disconnect();
      mailer?.close();
      await database.close();
    },
  };
}

export type Container = Awaited<ReturnType<typeof createContainer>>;

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export async function buildAppFor(
  config: Config,
  container: Container,
  logger: Logger,
): Promise<App> {
  return buildHttpApp({
    services: container.services,
    health: container.health,
    bus: container.bus,
    rateLimit: {
      perKeyPerMinute: config.rateLimit.perKeyPerMinute,
      perTenantPerMinute: config.rateLimit.perTenantPerMinute,
      redis: container.redis,
    },
    logger,
    http: config.http,
    session: config.session,
    webDir: config.webDir ?? join(root, 'web', 'dist'),
    version: await packageVersion(),
  });
}

/** Seeds the demo if the database is empty and (re)writes the credentials file; returns them. */
export async function ensureDemo(
  config: Config,
  container: Container,
  logger: Logger,
): Promise<DemoCredentials | null> {
  const file = join(config.dataDir, 'demo-credentials.json');
  // Loaded on demand: the demo course is large and only needed on a first start.
  const { seedDemo } = await import('./services/seed-demo.js');
  const seeded = await seedDemo(
    {
      ...container.stores,
      auth: container.services.auth,
      ingestion: container.services.ingestion,
      clock: container.clock,
      newId: container.newId,
    },
    `${config.http.publicUrl}/`,
  );
  if (seeded) {
    if (!config.dataDir.startsWith('memory://')) {
      await mkdir(config.dataDir, { recursive: true });
      await writeFile(file, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
      await chmod(file, 0o600);
    }
    logger.info(
      {
        tenant: seeded.tenant.slug,
        students: seeded.accounts.filter((a) => a.role === 'student').length,
        events: seeded.events,
      },
      'demo seeded',
    );
    return seeded;
  }
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, 'utf8')) as DemoCredentials;
  }
  return null;
}

/** Starts the requested roles and returns a function that stops them. */
export async function start(config: Config): Promise<{ stop: () => Promise<void>; url: string }> {
  const logger = createLogger(config);
  const container = await createContainer(config, logger);
  // The demo seed goes first: its outbox messages wait in the database and are relayed to the
  // consumers once they start, so a first start is not slowed by aggregating the history.
  const demo = config.seedDemo ? await ensureDemo(config, container, logger) : null;
  // The server listens before the consumers start on the backlog: on PGlite they share one thread.
  const app = config.role === 'worker' ? null : await buildAppFor(config, container, logger);
  const address = app ? await app.listen({ port: config.http.port, host: config.http.host }) : null;
  const workers =
    config.role === 'api'
      ? null
      : await startConsumers(
          container.bus,
          container.consumers,
          logger.child({ component: 'consumers' }),
        );
  container.relay.start();
  // Hourly inactivity alerts, on the worker role (docs/INTERVENTIONS.md).
  const runSweep = () =>
    void container.inactivitySweep
      .run()
      .catch((error: unknown) => logger.warn({ err: error }, 'inactivity sweep failed'));
  const sweep = workers ? setInterval(runSweep, 3_600_000) : undefined;
  sweep?.unref();
  if (workers) {
    runSweep();
  }
  const stopAll = async () => {
    if (sweep) {
      clearInterval(sweep);
    }
    await workers?.stop();
    await container.close();
  };
  if (!app) {
    logger.info(
      { bus: container.bus.kind, consumers: container.consumers.map((c) => c.name) },
      'worker started',
    );
    return { stop: stopAll, url: '' };
  }
  const port = app.server.address();
  const url = config.http.publicUrl.replace(
    /:\d+$/,
    `:${typeof port === 'object' && port ? port.port : config.http.port}`,
  );
  const instructor = demo?.accounts.find((a) => a.role === 'instructor');
  const student = demo?.accounts.find((a) => a.role === 'student');
  process.stdout.write(
    [
      '',
      `  Pathwise is running at ${url}/  (listening on ${address})`,
      `  API docs: ${url}/docs`,
      ...(demo && instructor && student
        ? [
            `  Demo sign-in (instructor): ${instructor.email} / ${demo.password}`,
            `  Demo sign-in (student):    ${student.email} / ${demo.password}`,
            `  Every demo credential and API key: ${join(config.dataDir, 'demo-credentials.json')}`,
          ]
        : []),
      '',
    ].join('\n') + '\n',
  );
  return {
    url,
    stop: async () => {
      await app.close();
      await stopAll();
    },
  };
}
