/**
 * Opens the one SQL database: a PostgreSQL server when a URL is given, otherwise embedded PGlite
 * in a data directory. Both speak the same dialect and run the same migrations.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from './database-schema.js';
import { migrationProvider } from './migrations/index.js';
import { PGliteDialect } from './pglite-dialect.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface SqlDatabase {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface OpenDatabaseProps {
  /** postgres:// URL of a server; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory, or `memory://` for a throwaway in-memory database. */
  dataDir: string;
  /** Connection pool size for a server. */
  poolSize: number;
  /**
   * Told when a pooled connection fails outside a query (a server restart, a killed backend),
   * whether it sits idle in the pool or is checked out between the statements of a transaction.
   * The pool replaces it (the transaction, if any, fails with it); without a listener the error
   * would crash the process.
   */
  onConnectionError?: (error: Error) => void;
}

const DATE_OID = 1082;
const INT8_OID = 20;

export async function openDatabase(props: OpenDatabaseProps): Promise<SqlDatabase> {
  if (props.url) {
    const pool = new pg.Pool({
      connectionString: props.url,
      max: props.poolSize,
      // No JIT compilation: this is short transactional work, where the planner's cost estimates
      // for set-returning functions (unnest, jsonb_to_recordset: 100 to 1,000 rows assumed)
      // crossed jit_above_cost and a 1 ms statement spent 80-270 ms compiling
      // (docs/EVENTS.md "Performance").
      options: '-c jit=off',
      // Dates stay 'YYYY-MM-DD' strings (no time-zone shift); counts become numbers.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID) {
            return (v: string) => v;
          }
          if (oid === INT8_OID) {
            return (v: string) => Number(v);
          }
          return pg.types.getTypeParser(oid, format) as unknown;
        }) as typeof pg.types.getTypeParser,
      },
    });
    // The pool listens only to its idle clients (and re-emits here): a client checked out
    // between two statements needs a listener of its own, which reports for both.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => {
      client.on('error', (error) => props.onConnectionError?.(error));
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (!props.dataDir.startsWith('memory://')) {
    await mkdir(props.dataDir, { recursive: true });
  }
  const client = new PGlite(props.dataDir, {
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'pathwise_migrations',
    migrationLockTableName: 'pathwise_migrations_lock',
  });
}

/** Applies every pending migration, in order, under the migrator's lock. */
export async function migrateToLatest(db: Db, log: Logger): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  for (const name of applied) {
    log.info({ migration: name }, 'migration applied');
  }
  if (error) {
    throw new Error('database migration failed', { cause: error });
  }
  return applied;
}

/**
 * Server settings an operator should hear about at start-up, as sentences (none when all is
 * well). With autovacuum off, PostgreSQL never analyses Pathwise's tables: the planner then
 * takes every table for a small one, and several lookups (a batch's duplicate check, an
 * intervention's outcome, the consumers' context reads) become scans of a whole tenant that
 * grow with it (docs/EVENTS.md, "Performance").
 */
export async function serverSettingWarnings(db: Db): Promise<string[]> {
  const { rows } = await sql<ServerSettings>`
    select current_setting('autovacuum') as autovacuum,
           current_setting('track_counts') as track_counts`.execute(db);
  return warningsFor(rows[0] as ServerSettings);
}

export interface ServerSettings {
  autovacuum: string;
  track_counts: string;
}

/** The warnings `serverSettingWarnings` gives for these settings. */
export function warningsFor(settings: ServerSettings): string[] {
  return settings.autovacuum === 'on' && settings.track_counts === 'on'
    ? []
    : [
        'PostgreSQL autovacuum (or track_counts) is off, so Pathwise tables are never analysed ' +
          'and lookups that should use a key scan whole tenants as the tables grow: turn ' +
          'autovacuum on, or run ANALYZE regularly',
      ];
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/** The role tenant-scoped transactions run as: no BYPASSRLS, so row-level security applies. */
export const APP_ROLE = 'pathwise_app';

/**
 * Binds the current transaction to one tenant: sets `pathwise.tenant_id`, which the row-level
 * security policies read, and switches to the app role, which they apply to.
 */
export async function bindTenant(tx: Tx, tenantId: string): Promise<void> {
  await sql`select set_config('pathwise.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`.execute(
    tx,
  );
}

/** Runs `fn` in a transaction bound to one tenant (see `bindTenant`). */
export async function inTenant<T>(
  db: Db,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await bindTenant(tx, tenantId);
    return fn(tx);
  });
}
