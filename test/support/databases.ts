/**
 * The databases the storage and contract suites run against: embedded PGlite always, and a real
 * PostgreSQL server when DATABASE_URL is set (each suite gets a fresh database there). With
 * PATHWISE_REQUIRE_SERVICES=1 a missing server fails the run instead of skipping.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { uuidv7 } from 'uuidv7';
import { createLocalKeyProvider } from '../../src/adapters/crypto/local-key-provider.js';
import { createFieldEncryption } from '../../src/adapters/postgres/field-encryption.js';
import {
  migrateToLatest,
  openDatabase,
  type Db,
  type SqlDatabase,
} from '../../src/adapters/postgres/database.js';

export const requireServices = process.env.PATHWISE_REQUIRE_SERVICES === '1';
export const databaseUrl = process.env.DATABASE_URL || undefined;
export const silentLogger = pino({ level: 'silent' });

export interface TestDatabaseKind {
  name: 'pglite' | 'postgres';
  /** Why this kind is skipped, or undefined when it runs. */
  skip: string | undefined;
  open(): Promise<SqlDatabase>;
}

/** Creates a fresh, empty database on the server at `url`; returns its URL and a drop function. */
export async function createServerDatabase(
  url: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pathwise_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

async function freshServerDatabase(url: string): Promise<SqlDatabase> {
  const fresh = await createServerDatabase(url);
  const database = await openDatabase({ url: fresh.url, dataDir: '', poolSize: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      await fresh.drop();
    },
  };
}

export const databaseKinds: TestDatabaseKind[] = [
  {
    name: 'pglite',
    skip: undefined,
    open: () => openDatabase({ dataDir: 'memory://', poolSize: 1 }),
  },
  {
    name: 'postgres',
    skip: databaseUrl ? undefined : 'skipped: no PostgreSQL server (set DATABASE_URL to run it)',
    open: () => freshServerDatabase(databaseUrl as string),
  },
];

if (requireServices && !databaseUrl) {
  throw new Error('PATHWISE_REQUIRE_SERVICES=1 but DATABASE_URL is not set');
}

/** Opens a migrated database of the given kind. */
export async function openMigrated(kind: TestDatabaseKind): Promise<SqlDatabase> {
  const database = await kind.open();
  await migrateToLatest(database.db, silentLogger);
  return database;
}

/** Field encryption under a fixed test master key (for stores built without the container). */
export function testFieldEncryption(masterKeys: Uint8Array[] = [new Uint8Array(32).fill(9)]) {
  return createFieldEncryption({ keys: createLocalKeyProvider(masterKeys), newId: uuidv7 });
}

/** Every row of every table, as text, read as the database owner (no row-level security). */
export async function dumpDatabase(db: Db): Promise<string> {
  const tables = await sql<{ name: string }>`
    select format('%I', c.relname) as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ t: string }>`select t::text as t from ${sql.raw(name)} t`.execute(db);
    parts.push(...rows.rows.map((r) => `${name}: ${r.t}`));
  }
  return parts.join('\n');
}
