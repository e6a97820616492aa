/**
 * The composition root: the only module that picks adapters. It loads config, builds the logger,
 * opens the database (a server when DATABASE_URL is set, else embedded PGlite), migrates, wires
 * the services, seeds the demo on first start and starts the requested roles.
 */
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { createCasbinAuthorizer } from './adapters/casbin/casbin-authorizer.js';
import { migrateToLatest, openDatabase, type SqlDatabase } from './adapters/postgres/database.js';
import { createPostgresCourseStore } from './adapters/postgres/postgres-course-store.js';
import { createPostgresCredentialStore } from './adapters/postgres/postgres-credential-store.js';
import { createPostgresEventStore } from './adapters/postgres/postgres-event-store.js';
import { createPostgresHealth } from './adapters/postgres/postgres-health.js';
import { createPostgresSectionStore } from './adapters/postgres/postgres-section-store.js';
import { createPostgresTenantStore } from './adapters/postgres/postgres-tenant-store.js';
import { createPostgresUserStore } from './adapters/postgres/postgres-user-store.js';
import { withErrorTranslation } from './adapters/postgres/translate-errors.js';
import type { Config } from './config.js';
import { buildHttpApp } from './http/app.js';
import type { App } from './http/app-types.js';
import type { Clock } from './ports.js';
import { createAuthService } from './services/auth-service.js';
import { createCourseService } from './services/course-service.js';
import type { DemoCredentials } from './services/seed-demo.js';
import { createSectionService } from './services/section-service.js';
import { createTenantService } from './services/tenant-service.js';
import { createUserService } from './services/user-service.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export function createLogger(config: Pick<Config, 'log'>): Logger {
  return pino({
    level: config.log.level,
    ...(config.log.format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
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
    events: withErrorTranslation(createPostgresEventStore(db)),
  };
  const authz = await createCasbinAuthorizer(logger);
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
    }),
    sections: createSectionService({
      sections: stores.sections,
      courses: stores.courses,
      users: stores.users,
      authz,
      newId,
    }),
  };
  return {
    database,
    stores,
    services,
    health: createPostgresHealth(db),
    clock,
    newId,
    authz,
    close: () => database.close(),
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
      clock: container.clock,
      newId: container.newId,
    },
    `${config.http.publicUrl}/`,
  );
  if (seeded) {
    if (!config.dataDir.startsWith('memory://')) {
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
  const demo = config.seedDemo ? await ensureDemo(config, container, logger) : null;
  if (config.role === 'worker') {
    logger.info('worker role started (no background processors are registered yet)');
    return { stop: () => container.close(), url: '' };
  }
  const app = await buildAppFor(config, container, logger);
  const address = await app.listen({ port: config.http.port, host: config.http.host });
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
      await container.close();
    },
  };
}
