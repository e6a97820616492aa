/**
 * The one place that reads the environment. Parsed once at start-up by zod; every problem is
 * listed and the process exits non-zero. The result is a frozen, nested, typed object.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalUrl = (protocols: string[]) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .url()
      .refine(
        (u) => protocols.some((p) => u.startsWith(`${p}:`)),
        `must start with ${protocols.join(': or ')}:`,
      )
      .optional(),
  );
const bool = (fallback: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : v),
    z
      .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no'])])
      .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes'),
  );
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : v),
    z.coerce.number().int().min(min).max(max),
  );

/** Base64 (standard or URL-safe) of exactly 32 bytes, as bytes. */
const masterKey = z
  .string()
  .refine(
    (v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
    'must be base64 of 32 bytes (generate one with `openssl rand -base64 32`)',
  )
  .transform((v) => new Uint8Array(Buffer.from(v, 'base64')));

/**
 * A comma-separated list (blank entries ignored), each entry parsed by `parse`: its value, or
 * the message of a problem with it.
 */
function commaList<T>(parse: (entry: string) => { value: T } | string) {
  return z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        const values: T[] = [];
        for (const entry of (v ?? '').split(',')) {
          if (entry.trim() === '') {
            continue;
          }
          const parsed = parse(entry.trim());
          if (typeof parsed === 'string') {
            ctx.addIssue({ code: 'custom', message: parsed });
          } else {
            values.push(parsed.value);
          }
        }
        return values;
      }),
  );
}

/** `o` as an http(s) origin (scheme, host, port; no path), or null. */
function mediaOrigin(o: string): string | null {
  try {
    const u = new URL(o);
    const bare = u.pathname === '/' && u.search === '' && u.hash === '' && !o.endsWith('/');
    return (u.protocol === 'https:' || u.protocol === 'http:') && bare && u.username === ''
      ? u.origin
      : null;
  } catch {
    return null;
  }
}

/** Every environment variable Pathwise reads; the README's configuration table mirrors it. */
const EnvSchema = z.object({
  /** HTTP port. Default 3000. */
  PORT: int(3000, 0, 65535),
  /** Interface to listen on. Default 127.0.0.1 (use 0.0.0.0 in a container). */
  HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  /** Public base URL, used in printed links. Default http://localhost:PORT. */
  PATHWISE_PUBLIC_URL: optionalUrl(['http', 'https']),
  /**
   * Origins besides this one that the web app may play video and audio from (the institution's
   * media server or CDN), comma-separated, e.g. `https://media.example.edu`. Default none.
   */
  PATHWISE_MEDIA_ORIGINS: commaList((o) => {
    const origin = mediaOrigin(o);
    return origin !== null
      ? { value: origin }
      : `${JSON.stringify(o)} is not an origin: give scheme and host (and port), such as https://media.example.edu`;
  }),
  /** Data directory: the embedded database, demo credentials. Default ./data. */
  PATHWISE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  /** PostgreSQL server URL. When unset, embedded PGlite in PATHWISE_DATA_DIR/pgdata is used. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  /** NATS server with JetStream (nats://host:4222) for the event bus. When unset, an in-process bus. */
  NATS_URL: optionalUrl(['nats', 'tls']),
  /** JetStream stream that holds the bus's messages. Default PATHWISE_EVENTS. */
  PATHWISE_NATS_STREAM: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .default('PATHWISE_EVENTS'),
  ),
  /** First subject token of every bus message on NATS. Default pathwise. */
  PATHWISE_NATS_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[a-z0-9_-]{1,64}$/)
      .default('pathwise'),
  ),
  /** Redis (redis://host:6379) for rate-limit counters shared by every process. When unset, each process counts alone. */
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** Requests per minute allowed per API key or web session on /v1. Default 60000. */
  PATHWISE_RATE_LIMIT_PER_KEY: int(60_000, 1, 100_000_000),
  /** Requests per minute allowed per tenant on /v1, all keys together. Default 300000. */
  PATHWISE_RATE_LIMIT_PER_TENANT: int(300_000, 1, 1_000_000_000),
  /** Connection pool size per process for DATABASE_URL. Default 10. */
  DATABASE_POOL_SIZE: int(10, 1, 200),
  /** Which roles this process runs: serve (api and worker), api, worker. Default serve. */
  PATHWISE_ROLE: z.preprocess(
    emptyAsUndefined,
    z.enum(['serve', 'api', 'worker']).default('serve'),
  ),
  /** Log level: fatal, error, warn, info, debug, trace, silent. Default info. */
  PATHWISE_LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  /** Log format: json (one object a line) or pretty. Default json when NODE_ENV=production, else pretty. */
  PATHWISE_LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'pretty']).optional()),
  /** Runtime environment. production turns on JSON logs and secure cookies. */
  NODE_ENV: z.preprocess(
    emptyAsUndefined,
    z.enum(['development', 'production', 'test']).default('development'),
  ),
  /** Seed the demo institution, course and students on first start with an empty database. Default true. */
  PATHWISE_SEED_DEMO: bool(true),
  /** Largest accepted JSON body in bytes, except course imports. Default 1 MiB. */
  PATHWISE_BODY_LIMIT_BYTES: int(1_048_576, 1024, 1_073_741_824),
  /**
   * Most `POST /v1/events` requests one process works on at once; beyond it the API answers 503
   * with Retry-After at once instead of queueing without end. Default 100.
   */
  PATHWISE_EVENTS_MAX_IN_FLIGHT: int(100, 1, 100_000),
  PATHWISE_BUS_LINGER_MS: int(0, 0, 1000),
  /** Days a consumer's receipt of a bus message is kept against redelivery; then pruned hourly. Default 7. */
  PATHWISE_RECEIPT_RETENTION_DAYS: int(7, 1, 3650),
  /** Largest accepted course package in bytes. Default 64 MiB. */
  PATHWISE_IMPORT_LIMIT_BYTES: int(67_108_864, 1024, 1_073_741_824),
  /** Web sign-in session lifetime in hours. Default 12. */
  PATHWISE_SESSION_TTL_HOURS: int(12, 1, 24 * 90),
  /** Mark session cookies Secure (HTTPS only). Default true when NODE_ENV=production. */
  PATHWISE_COOKIE_SECURE: z.preprocess(
    emptyAsUndefined,
    z.enum(['1', '0', 'true', 'false']).optional(),
  ),
  /** Days an audit entry is kept before the worker prunes it (the chain keeps an anchor). Default 2557 (7 years). */
  PATHWISE_AUDIT_RETENTION_DAYS: int(2557, 1, 36_500),
  /** Seconds between the worker's sealing of new audit entries into the hash chain. Default 5. */
  PATHWISE_AUDIT_SEAL_SECONDS: int(5, 1, 3600),
  /** Interventions applied automatically per student per hour; beyond, they wait for review. Default 3. */
  PATHWISE_INTERVENTIONS_PER_HOUR: int(3, 0, 1000),
  /** Answers on the objective after an intervention within which mastery counts as its outcome. Default 5. */
  PATHWISE_INTERVENTION_OUTCOME_ATTEMPTS: int(5, 1, 100),
  /** Days without any event in a course after which instructors are alerted (0 turns it off). Default 7. */
  PATHWISE_INACTIVITY_DAYS: int(7, 0, 365),
  /** SMTP server for emailing interventions to students (smtp://user:pass@host:587, smtps:// for TLS). When unset, no email. */
  PATHWISE_SMTP_URL: optionalUrl(['smtp', 'smtps']),
  /** Sender address of emails. Default Pathwise <no-reply@pathwise.invalid>. */
  PATHWISE_SMTP_FROM: z.preprocess(
    emptyAsUndefined,
    z.string().min(3).max(320).default('Pathwise <no-reply@pathwise.invalid>'),
  ),
  /** Serve the built web app from this folder. Default web/dist in the install. */
  PATHWISE_WEB_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Seconds between reads of the model registry (a promotion reaches other processes). Default 5. */
  PATHWISE_MODEL_POLL_SECONDS: int(5, 1, 3600),
  /** The source commit of this build, recorded with every model fit. Default: `git rev-parse HEAD` in the CLI, else none. */
  PATHWISE_GIT_COMMIT: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{7,64}$/, 'must be a hexadecimal commit id')
      .optional(),
  ),
  /**
   * Master key for encryption at rest: base64 of 32 random bytes (`openssl rand -base64 32`).
   * Required when NODE_ENV=production; otherwise generated on first start into
   * PATHWISE_DATA_DIR/master-key.json (mode 0600).
   */
  PATHWISE_MASTER_KEY: z.preprocess(emptyAsUndefined, masterKey.optional()),
  /** Earlier master keys, comma-separated, still readable while `pathwise keys rotate` runs. */
  PATHWISE_MASTER_KEY_PREVIOUS: commaList((k) => {
    const parsed = masterKey.safeParse(k);
    return parsed.success ? { value: parsed.data } : 'each key must be base64 of 32 bytes';
  }),
});

export interface Config {
  http: {
    port: number;
    host: string;
    publicUrl: string;
    bodyLimitBytes: number;
    importLimitBytes: number;
    /** Other origins the web app may load media from (CSP `media-src`). */
    mediaOrigins: string[];
    /** Most `POST /v1/events` requests in progress at once in this process. */
    eventsMaxInFlight: number;
  };
  dataDir: string;
  database: { url: string | undefined; poolSize: number };
  bus: {
    natsUrl: string | undefined;
    stream: string;
    subjectPrefix: string;
    lingerMs: number;
    receiptRetentionDays: number;
  };
  rateLimit: { redisUrl: string | undefined; perKeyPerMinute: number; perTenantPerMinute: number };
  role: 'serve' | 'api' | 'worker';
  log: { level: string; format: 'json' | 'pretty' };
  env: 'development' | 'production' | 'test';
  seedDemo: boolean;
  session: { ttlHours: number; cookieSecure: boolean };
  webDir: string | undefined;
  models: { pollSeconds: number; gitCommit: string | undefined };
  /**
   * Master keys for encryption at rest, current first; empty when none is configured (then a
   * development key is generated in the data directory; never in production).
   */
  encryption: { masterKeys: Uint8Array[] };
  audit: { retentionDays: number; sealIntervalMs: number };
  interventions: { perHour: number; outcomeAttempts: number; inactivityDays: number };
  smtp: { url: string | undefined; from: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (default `process.env`) into a frozen Config, or throws ConfigError listing every problem. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.PATHWISE_MASTER_KEY) {
    throw new ConfigError([
      'PATHWISE_MASTER_KEY: required when NODE_ENV=production (base64 of 32 random bytes, e.g. `openssl rand -base64 32`); it encrypts personal data at rest',
    ]);
  }
  if (!e.PATHWISE_MASTER_KEY && e.PATHWISE_MASTER_KEY_PREVIOUS.length > 0) {
    throw new ConfigError([
      'PATHWISE_MASTER_KEY_PREVIOUS: set only together with PATHWISE_MASTER_KEY',
    ]);
  }
  const config: Config = {
    http: {
      port: e.PORT,
      host: e.HOST,
      publicUrl: (e.PATHWISE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
      bodyLimitBytes: e.PATHWISE_BODY_LIMIT_BYTES,
      importLimitBytes: e.PATHWISE_IMPORT_LIMIT_BYTES,
      mediaOrigins: e.PATHWISE_MEDIA_ORIGINS,
      eventsMaxInFlight: e.PATHWISE_EVENTS_MAX_IN_FLIGHT,
    },
    dataDir: e.PATHWISE_DATA_DIR.startsWith('memory://')
      ? e.PATHWISE_DATA_DIR
      : resolve(e.PATHWISE_DATA_DIR),
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    bus: {
      natsUrl: e.NATS_URL,
      stream: e.PATHWISE_NATS_STREAM,
      subjectPrefix: e.PATHWISE_NATS_PREFIX,
      lingerMs: e.PATHWISE_BUS_LINGER_MS,
      receiptRetentionDays: e.PATHWISE_RECEIPT_RETENTION_DAYS,
    },
    rateLimit: {
      redisUrl: e.REDIS_URL,
      perKeyPerMinute: e.PATHWISE_RATE_LIMIT_PER_KEY,
      perTenantPerMinute: e.PATHWISE_RATE_LIMIT_PER_TENANT,
    },
    role: e.PATHWISE_ROLE,
    log: {
      level: e.PATHWISE_LOG_LEVEL,
      format: e.PATHWISE_LOG_FORMAT ?? (production ? 'json' : 'pretty'),
    },
    env: e.NODE_ENV,
    seedDemo: e.PATHWISE_SEED_DEMO,
    session: {
      ttlHours: e.PATHWISE_SESSION_TTL_HOURS,
      cookieSecure: e.PATHWISE_COOKIE_SECURE
        ? ['1', 'true'].includes(e.PATHWISE_COOKIE_SECURE)
        : production,
    },
    webDir: e.PATHWISE_WEB_DIR,
    models: { pollSeconds: e.PATHWISE_MODEL_POLL_SECONDS, gitCommit: e.PATHWISE_GIT_COMMIT },
    encryption: {
      masterKeys: e.PATHWISE_MASTER_KEY
        ? [e.PATHWISE_MASTER_KEY, ...e.PATHWISE_MASTER_KEY_PREVIOUS]
        : [],
    },
    audit: {
      retentionDays: e.PATHWISE_AUDIT_RETENTION_DAYS,
      sealIntervalMs: e.PATHWISE_AUDIT_SEAL_SECONDS * 1000,
    },
    interventions: {
      perHour: e.PATHWISE_INTERVENTIONS_PER_HOUR,
      outcomeAttempts: e.PATHWISE_INTERVENTION_OUTCOME_ATTEMPTS,
      inactivityDays: e.PATHWISE_INACTIVITY_DAYS,
    },
    smtp: { url: e.PATHWISE_SMTP_URL, from: e.PATHWISE_SMTP_FROM },
  };
  return Object.freeze(config);
}
