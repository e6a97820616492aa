/**
 * The composition root: the only module that picks adapters. It loads config, builds the logger,
 * opens the database (a server when DATABASE_URL is set, else embedded PGlite), migrates, wires
 * the services, seeds the demo on first start and starts the requested roles.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { createCasbinAuthorizer } from './adapters/casbin/casbin-authorizer.js';
import { createHmacTokenSigner } from './adapters/crypto/hmac-token-signer.js';
import { createLocalKeyProvider } from './adapters/crypto/local-key-provider.js';
import { createFieldEncryption } from './adapters/postgres/field-encryption.js';
import {
  allTenantIds,
  hasPlaintextUsers,
  reencryptTenant,
  type ReencryptOutcome,
} from './adapters/postgres/rotate-encryption.js';
import { createInProcessEventBus } from './adapters/memory/in-process-event-bus.js';
import { createNatsEventBus } from './adapters/nats/nats-event-bus.js';
import { createPostgresAuditStore } from './adapters/postgres/postgres-audit-store.js';
import { createPostgresAnalyticsStore } from './adapters/postgres/postgres-analytics-store.js';
import { createPostgresReceiptStore } from './adapters/postgres/postgres-receipt-store.js';
import { createPostgresClassAggregateStore } from './adapters/postgres/postgres-class-aggregate-store.js';
import { createPostgresInterventionStore } from './adapters/postgres/postgres-intervention-store.js';
import { createPostgresLearningStore } from './adapters/postgres/postgres-learning-store.js';
import {
  migrateToLatest,
  openDatabase,
  serverSettingWarnings,
  type SqlDatabase,
} from './adapters/postgres/database.js';
import { createPostgresConsentStore } from './adapters/postgres/postgres-consent-store.js';
import { createPostgresCourseStore } from './adapters/postgres/postgres-course-store.js';
import { createPostgresDataRightsStore } from './adapters/postgres/postgres-data-rights-store.js';
import { createPostgresCredentialStore } from './adapters/postgres/postgres-credential-store.js';
import { createPostgresHealth } from './adapters/postgres/postgres-health.js';
import { createPostgresSectionStore } from './adapters/postgres/postgres-section-store.js';
import { createPostgresSectionControlStore } from './adapters/postgres/postgres-section-control-store.js';
import { createPostgresTenantStore } from './adapters/postgres/postgres-tenant-store.js';
import { createPostgresUserStore } from './adapters/postgres/postgres-user-store.js';
import { createPostgresModelRegistryStore } from './adapters/postgres/postgres-model-registry-store.js';
import { createPostgresAttemptHistory } from './adapters/postgres/postgres-attempt-history.js';
import { createModelService } from './services/model-service.js';
import { createServedModels } from './services/served-models.js';
import { withErrorTranslation } from './adapters/postgres/translate-errors.js';
import { createSmtpMailer } from './adapters/smtp/smtp-mailer.js';
import type { Config } from './config.js';
import { buildHttpApp } from './http/app.js';
import type { App } from './http/app-types.js';
import { textbookBktModel } from './domain/knowledge-tracing/textbook-bkt.js';
import { createPiiRedactor } from './domain/privacy/pii-redactor.js';
import { startAuditSealer } from './jobs/audit-sealer.js';
import { startConsumers } from './jobs/consumer-runner.js';
import type { Clock, EventBus } from './ports.js';
import type { Authorizer } from './services/access.js';
import { createAuditService, createAuditTrail } from './services/audit.js';
import { createAnalyticsConsumer, createAnalyticsService } from './services/analytics.js';
import {
  createClassAggregatesConsumer,
  createClassAggregatesService,
} from './services/class-aggregates.js';
import { createConsentService } from './services/consent-service.js';
import { createCourseCatalogCache } from './services/course-catalog.js';
import { createDataRightsService } from './services/data-rights-service.js';
import { createIngestionService } from './services/ingest-events.js';
import {
  createRecommendationService,
  recommendationModelOf,
} from './services/recommendation-service.js';
import { createSectionControlsService } from './services/section-controls-service.js';
import { createLruRecommendationCache } from './adapters/memory/lru-recommendation-cache.js';
import { createRedisRecommendationCache } from './adapters/redis/redis-recommendation-cache.js';
import {
  createInactivitySweep,
  createInterventionDelivery,
  createInterventionService,
  createInterventionsConsumer,
} from './services/interventions.js';
import { createPracticeService } from './services/practice-service.js';
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

const MASTER_KEY_FILE = 'master-key.json';
/** A fixed key for throwaway in-memory databases (tests, `memory://`): never for real data. */
const IN_MEMORY_DEVELOPMENT_KEY = new Uint8Array(32).fill(7);

/**
 * The master keys, current first: from config (PATHWISE_MASTER_KEY and _PREVIOUS), else — outside
 * production, which config already refuses — from `master-key.json` in the data directory,
 * generated on first start with mode 0600 like demo-credentials.json.
 */
export async function loadMasterKeys(
  config: Pick<Config, 'encryption' | 'dataDir'>,
  logger: Logger,
): Promise<Uint8Array[]> {
  if (config.encryption.masterKeys.length > 0) {
    return config.encryption.masterKeys;
  }
  if (config.dataDir.startsWith('memory://')) {
    return [IN_MEMORY_DEVELOPMENT_KEY];
  }
  const file = join(config.dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(await readFile(file, 'utf8')) as { keys: string[] };
    return stored.keys.map((k) => new Uint8Array(Buffer.from(k, 'base64')));
  }
  const key = new Uint8Array(randomBytes(32));
  await writeMasterKeyFile(config.dataDir, [key]);
  logger.warn(
    { file },
    'no PATHWISE_MASTER_KEY: generated a development master key in the data directory',
  );
  return [key];
}

/** Writes the data directory's master keys (current first), readable by the owner only. */
export async function writeMasterKeyFile(
  dataDir: string,
  keys: readonly Uint8Array[],
): Promise<void> {
  const file = join(dataDir, MASTER_KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  const body = `${JSON.stringify({ keys: keys.map((k) => Buffer.from(k).toString('base64')) }, null, 2)}\n`;
  await writeFile(`${file}.tmp`, body, { mode: 0o600 });
  await chmod(`${file}.tmp`, 0o600);
  await rename(`${file}.tmp`, file);
}

/** Everything the process runs on, wired once. */
export async function createContainer(
  config: Config,
  logger: Logger,
  opts: {
    migrate?: boolean;
    database?: SqlDatabase;
    /** Replaces the casbin policy (tests of the fail-closed guardrail). */
    authz?: Authorizer;
  } = {},
) {
  const database: SqlDatabase =
    opts.database ??
    (await openDatabase({
      url: config.database.url,
      dataDir: config.dataDir.startsWith('memory://')
        ? config.dataDir
        : join(config.dataDir, 'pgdata'),
      poolSize: config.database.poolSize,
      onConnectionError: (error) =>
        logger.warn({ err: error }, 'a database connection failed; it will be replaced'),
    }));
  logger.info(
    { database: database.kind, ...(database.kind === 'pglite' ? { dataDir: config.dataDir } : {}) },
    'database opened',
  );
  if (opts.migrate ?? true) {
    await migrateToLatest(database.db, logger);
  }
  if (database.kind === 'postgres') {
    for (const warning of await serverSettingWarnings(database.db)) {
      logger.warn(warning);
    }
  }
  const { db } = database;
  const clock: Clock = { now: () => new Date() };
  const newId = () => uuidv7();
  const keys = createLocalKeyProvider(await loadMasterKeys(config, logger));
  const encryption = createFieldEncryption({ keys, newId });
  if ((opts.migrate ?? true) && (await hasPlaintextUsers(db))) {
    // Rows written before encryption at rest (migration 0006): encrypt them once, now.
    for (const tenantId of await allTenantIds(db)) {
      await reencryptTenant(db, encryption, tenantId, { rotate: false, retire: false });
    }
    logger.info('personal data written before encryption at rest is now encrypted');
  }
  const stores = {
    tenants: withErrorTranslation(createPostgresTenantStore(db)),
    users: withErrorTranslation(createPostgresUserStore(db, encryption)),
    courses: withErrorTranslation(createPostgresCourseStore(db)),
    sections: withErrorTranslation(createPostgresSectionStore(db, encryption)),
    credentials: withErrorTranslation(createPostgresCredentialStore(db, encryption)),
    learning: withErrorTranslation(createPostgresLearningStore(db)),
    aggregates: withErrorTranslation(createPostgresClassAggregateStore(db)),
    models: withErrorTranslation(createPostgresModelRegistryStore(db)),
    attemptHistory: withErrorTranslation(createPostgresAttemptHistory(db)),
    consents: withErrorTranslation(createPostgresConsentStore(db, encryption)),
    dataRights: withErrorTranslation(createPostgresDataRightsStore(db, encryption)),
    audit: withErrorTranslation(createPostgresAuditStore(db)),
    sectionControls: withErrorTranslation(createPostgresSectionControlStore(db)),
    interventions: withErrorTranslation(createPostgresInterventionStore(db)),
    analytics: withErrorTranslation(createPostgresAnalyticsStore(db)),
    receipts: withErrorTranslation(createPostgresReceiptStore(db)),
  };
  const bus: EventBus = config.bus.natsUrl
    ? await createNatsEventBus({
        url: config.bus.natsUrl,
        streamName: config.bus.stream,
        subjectPrefix: config.bus.subjectPrefix,
        lingerMs: config.bus.lingerMs,
        logger: logger.child({ component: 'bus' }),
      })
    : createInProcessEventBus({
        lingerMs: config.bus.lingerMs,
        logger: logger.child({ component: 'bus' }),
      });
  // Shared rate-limit counters and recommendation cache; never the only copy of anything (DESIGN.md).
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
  const catalog = createCourseCatalogCache({
    courses: stores.courses,
    controls: stores.sectionControls,
    now: () => Date.now(),
  });
  // Plain BKT with textbook parameters until a trained model is promoted (knowledge-tracing issue).
  const defaultModel = textbookBktModel();
  // The registry's promoted models, polled so a promotion anywhere reaches this process.
  const servedModels = createServedModels({
    registry: stores.models,
    fallback: { key: defaultModel.name, name: 'bkt', model: defaultModel },
    onError: (error, ref) =>
      logger.error({ err: error, model: ref }, 'model registry unreadable; serving the last model'),
  });
  await servedModels.refresh().catch((error: unknown) => {
    logger.error({ err: error }, 'model registry unreadable; serving the built-in model');
  });
  servedModels.start(config.models.pollSeconds * 1000);
  // The recommender scores with the tenant's served model when it is a BKT (else textbook BKT's
  // emission on the stored mastery), in the event reply as in GET .../recommendations.
  const recommendationModel = (tenantId = '') =>
    recommendationModelOf(servedModels.current(tenantId).model, defaultModel);
  const authz = opts.authz ?? (await createCasbinAuthorizer(logger));
  const trail = createAuditTrail({ store: stores.audit, newId, now: () => clock.now() });
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
  const consent = createConsentService({
    consents: stores.consents,
    users: stores.users,
    tenants: stores.tenants,
    authz,
    newId,
    now: () => clock.now(),
  });
  const learnerRecords = createLearnerRecordsService({
    learning: stores.learning,
    users: stores.users,
    sections: stores.sections,
    catalog,
    authz,
    audit: trail,
    now: () => clock.now(),
  });
  const auditService = createAuditService({
    audit: stores.audit,
    trail,
    users: stores.users,
    authz,
    now: () => clock.now(),
    retentionDays: config.audit.retentionDays,
  });
  const ingestion = createIngestionService({
    learning: stores.learning,
    catalog,
    users: stores.users,
    sections: stores.sections,
    authz,
    audit: trail,
    newId,
    now: () => clock.now(),
    model: (tenantId) => servedModels.current(tenantId),
    recommendationModel,
    createRedactor: (roster) => {
      const redactor = createPiiRedactor({ roster });
      return (text) => redactor.redact(text).text;
    },
    onCommitted: () => relay.poke(),
    consent,
  });
  const services = {
    auth,
    consents: consent,
    dataRights: createDataRightsService({
      users: stores.users,
      tenants: stores.tenants,
      sections: stores.sections,
      learning: stores.learning,
      consents: stores.consents,
      dataRights: stores.dataRights,
      catalog,
      authz,
      newId,
      now: () => clock.now(),
      // Every audit entry about the student, sealed into the chain first, oldest first.
      extraSources: [
        {
          name: 'auditEntries',
          async collect(tenantId, studentId) {
            const entries = [];
            for await (const entry of auditService.export(tenantId, studentId)) {
              entries.push(entry);
            }
            return entries;
          },
        },
      ],
      onErased: (tenantId, studentId) => {
        consent.forget(tenantId, studentId);
        auth.forgetUser(tenantId, studentId);
      },
    }),
    tenants: createTenantService({ tenants: stores.tenants, authz, newId }),
    users: createUserService({
      users: stores.users,
      sections: stores.sections,
      authz,
      audit: trail,
      newId,
    }),
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
      audit: trail,
      newId,
    }),
    ingestion,
    learnerRecords,
    recommendations: createRecommendationService({
      learning: stores.learning,
      sections: stores.sections,
      catalog,
      checkStudent: learnerRecords.checkStudent,
      audit: trail,
      // P(correct) for scoring: the served BKT's emission on the stored P(mastered) per objective.
      model: recommendationModel,
      // Shared by every process through Redis when REDIS_URL is set (the in-process LRU while
      // Redis fails or is slow), else the in-process LRU alone.
      cache: redis
        ? createRedisRecommendationCache({
            redis,
            local: createLruRecommendationCache(),
            onError: (error) =>
              logger.debug({ err: error }, 'recommendation cache: redis failed; local entry used'),
          })
        : createLruRecommendationCache(),
      controls: stores.sectionControls,
      now: () => clock.now(),
      // A read slower than this answers with the last recommendations from the cache.
      dbTimeoutMs: 1000,
    }),
    sectionControls: createSectionControlsService({
      controls: stores.sectionControls,
      sections: stores.sections,
      courses: stores.courses,
      authz,
      // The event reply reads hidden content from the course catalog.
      onChanged: (tenantId) => catalog.invalidateTenant(tenantId),
    }),
    audit: auditService,
    models: createModelService({
      registry: stores.models,
      authz,
      newId,
      now: () => clock.now(),
      gitCommit: config.models.gitCommit ?? null,
      onServingChanged: () => servedModels.refresh(),
      history: stores.attemptHistory,
      servedModel: (tenantId) => servedModels.current(tenantId),
      courses: stores.courses,
      catalog,
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
      audit: trail,
    }),
    analytics: createAnalyticsService({
      analytics: stores.analytics,
      sections: stores.sections,
      courses: stores.courses,
      users: stores.users,
      catalog,
      authz,
      audit: trail,
      model: (tenantId) => servedModels.current(tenantId),
      now: () => clock.now(),
    }),
    practice: createPracticeService({
      courses: stores.courses,
      sections: stores.sections,
      learning: stores.learning,
      // The same ingestion service as POST /v1/events.
      ingestion,
      audit: trail,
      signer: createHmacTokenSigner(
        await keys.deriveSecret(keys.currentKeyId(), 'practice attempt tokens'),
      ),
      authz,
      newId,
      now: () => clock.now(),
      newSeed: () => randomBytes(4).readUInt32LE(0),
      // An attempt token is good for one answer within an hour of starting the item.
      tokenTtlMs: 60 * 60_000,
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
    createAnalyticsConsumer({
      analytics: stores.analytics,
      catalog,
      model: (tenantId) => servedModels.current(tenantId),
      logger: logger.child({ consumer: 'analytics' }),
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
    encryption,
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
    trail,
    redis,
    servedModels,
    async close() {
      servedModels.stop();
      await relay.stop();
      await bus.close();
      redis?.disconnect();
      mailer?.close();
      await database.close();
    },
  };
}

export type Container = Awaited<ReturnType<typeof createContainer>>;

/**
 * `pathwise keys rotate`: every tenant gets a new data key under the current master key and
 * every encrypted value is re-encrypted under it (resuming an interrupted rotation), then the
 * old data keys are deleted. Returns how many data keys are still wrapped by other master keys.
 */
export async function rotateEncryptionKeys(
  container: Container,
  onTenant: (outcome: ReencryptOutcome) => void = () => undefined,
): Promise<{ masterKeyId: string; stale: number }> {
  const db = container.database.db;
  for (const tenantId of await allTenantIds(db)) {
    onTenant(
      await reencryptTenant(db, container.encryption, tenantId, { rotate: true, retire: true }),
    );
  }
  const masterKeyId = container.encryption.keys.currentKeyId();
  const stale = await db
    .selectFrom('data_keys')
    .select('id')
    .where('master_key_id', '<>', masterKeyId)
    .execute();
  return { masterKeyId, stale: stale.length };
}

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
    ingestStats: container.stores.learning.ingestStats,
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
  const sealer =
    config.role === 'api'
      ? null
      : startAuditSealer({
          audit: container.services.audit,
          tenantIds: async () => {
            const ids: string[] = [];
            let cursor: string | undefined;
            do {
              const page = await container.stores.tenants.list({ limit: 1000, cursor });
              ids.push(...page.items.map((t) => t.id));
              cursor = page.nextCursor ?? undefined;
            } while (cursor);
            return ids;
          },
          intervalMs: config.audit.sealIntervalMs,
          logger: logger.child({ component: 'audit' }),
        });
  // Hourly, on the worker role: inactivity alerts (docs/INTERVENTIONS.md), and the consumers'
  // receipts past their retention pruned (docs/EVENTS.md).
  const runSweep = () => {
    void container.inactivitySweep
      .run()
      .catch((error: unknown) => logger.warn({ err: error }, 'inactivity sweep failed'));
    const before = new Date(
      container.clock.now().getTime() - config.bus.receiptRetentionDays * 86_400_000,
    );
    void container.stores.receipts
      .prune(before)
      .then((pruned) => {
        if (pruned > 0) {
          logger.info({ pruned, before }, 'consumer receipts pruned');
        }
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'pruning consumer receipts failed'));
  };
  const sweep = workers ? setInterval(runSweep, 3_600_000) : undefined;
  sweep?.unref();
  if (workers) {
    runSweep();
  }
  const stopAll = async () => {
    await sealer?.stop();
    if (sweep) {
      clearInterval(sweep);
    }
    // A bus that keeps its messages in memory is emptied before its consumers stop: the
    // outbox's last commits published, and what is queued performed (bounded by 10 s).
    if (workers && container.bus.settle) {
      try {
        await container.relay.flush();
        if (!(await container.bus.settle(10_000))) {
          logger.warn('bus consumers still busy after 10 s; stopping anyway');
        }
      } catch (error) {
        logger.warn({ err: error }, 'could not empty the event bus before stopping');
      }
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
