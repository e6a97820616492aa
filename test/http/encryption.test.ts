/**
 * Encryption at rest: no plaintext PII in the raw database, tampering detected, and
 * `keys rotate` re-encrypting every row under new keys (resumable), with sign-in still working.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { reencryptTenant } from '../../src/adapters/postgres/rotate-encryption.js';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/domain/errors.js';
import { createContainer, rotateEncryptionKeys, type Container } from '../../src/main.js';
import { hashPassword } from '../../src/services/secrets.js';
import { databaseKinds, dumpDatabase, silentLogger } from '../support/databases.js';
import { seedTenant, startTestApp, type SeededTenant, type TestApp } from '../support/test-app.js';

/** The key `startTestApp` uses for its in-memory database (see `loadMasterKeys`). */
const developmentKey = Buffer.alloc(32, 7).toString('base64');
const newKey = Buffer.alloc(32, 11).toString('base64');

for (const kind of databaseKinds) {
  describe(`encryption at rest on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let a: SeededTenant;
    let b: SeededTenant;
    const email = 'Rosa.Rotation@enc.example';
    let userId: string;
    after(() => t.close());
    before(async () => {
      t = await startTestApp(kind);
      a = await seedTenant(t.container, 'enc-a');
      b = await seedTenant(t.container, 'enc-b');
      userId = (
        await t.container.stores.users.create(a.tenantId, {
          id: t.container.newId(),
          role: 'instructor',
          displayName: 'Rosa Rotation',
          email,
          externalId: 'EMP-77',
          passwordHash: await hashPassword('correct horse battery'),
        })
      ).id;
    });

    /** Another container on the same database with other master keys (not closed: it shares it). */
    async function containerWith(env: Record<string, string>): Promise<Container> {
      const config = loadConfig({
        PATHWISE_DATA_DIR: 'memory://',
        PATHWISE_SEED_DEMO: '0',
        PATHWISE_LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        ...env,
      });
      return createContainer(config, silentLogger, {
        database: t.container.database,
        migrate: false,
      });
    }

    const piiRows = async () =>
      (
        await t.container.database.db
          .selectFrom('users')
          .select(['email', 'display_name', 'external_id', 'birth_date', 'email_index'])
          .execute()
      ).flatMap((r) => Object.values(r).filter((v): v is string => typeof v === 'string'));

    test('the raw database holds no plaintext name, email, external id or birth date', async () => {
      const dump = await dumpDatabase(t.container.database.db);
      for (const plain of [
        'Rosa Rotation',
        email,
        email.toLowerCase(),
        'EMP-77',
        'Sam Student',
        'sam.student@enc-a.example',
        '2012-05-01',
      ]) {
        assert.ok(!dump.includes(plain), `${plain} is stored in plaintext`);
      }
      const values = await piiRows();
      assert.ok(values.length > 10);
      assert.ok(
        values
          .filter((v) => !v.includes('.') || v.startsWith('pw1:'))
          .every((v) => v.startsWith('pw1:')),
      );
      const user = await t.container.stores.users.get(a.tenantId, userId);
      assert.deepEqual(
        [user?.displayName, user?.email, user?.externalId],
        ['Rosa Rotation', email, 'EMP-77'],
      );
    });

    test('lookups by email use the blind index, case-insensitively, and uniqueness still holds', async () => {
      const signed = await t.container.services.auth.signIn({
        email: email.toUpperCase(),
        password: 'correct horse battery',
      });
      assert.equal(signed.principal.kind === 'user' && signed.principal.userId, userId);
      await assert.rejects(
        t.container.stores.users.create(a.tenantId, {
          id: t.container.newId(),
          role: 'student',
          displayName: 'Copy',
          email: email.toLowerCase(),
        }),
        (e: unknown) => e instanceof AppError && e.kind === 'Conflict',
      );
    });

    test('a tampered ciphertext is an Internal error, not garbage', async () => {
      const victim = await t.container.stores.users.create(a.tenantId, {
        id: t.container.newId(),
        role: 'student',
        displayName: 'Tamper Target',
      });
      const db = t.container.database.db;
      const row = await db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', victim.id)
        .executeTakeFirstOrThrow();
      const parts = row.display_name.split(':');
      const body = parts[3] as string;
      parts[3] = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
      await db
        .updateTable('users')
        .set({ display_name: parts.join(':') })
        .where('id', '=', victim.id)
        .execute();
      await assert.rejects(
        t.container.stores.users.get(a.tenantId, victim.id),
        (e: unknown) =>
          e instanceof AppError && e.kind === 'Internal' && e.code === 'decryption_failed',
      );
      // Moving another row's ciphertext in fails too (the row id is bound as associated data).
      const other = await db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('users')
        .set({ display_name: other.display_name })
        .where('id', '=', victim.id)
        .execute();
      await assert.rejects(
        t.container.stores.users.get(a.tenantId, victim.id),
        (e: unknown) => e instanceof AppError && e.kind === 'Internal',
      );
      await db.deleteFrom('users').where('id', '=', victim.id).execute();
    });

    test('rows written before encryption at rest are encrypted at the next start', async () => {
      const db = t.container.database.db;
      const id = t.container.newId();
      await db
        .insertInto('users')
        .values({
          id,
          tenant_id: a.tenantId,
          role: 'student',
          display_name: 'Legacy Larkin',
          email: 'legacy.larkin@enc.example',
          birth_date: '2011-03-04',
        })
        .execute();
      const config = loadConfig({
        PATHWISE_DATA_DIR: 'memory://',
        PATHWISE_LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      });
      const restarted = await createContainer(config, silentLogger, {
        database: t.container.database,
      });
      const dump = await dumpDatabase(db);
      assert.ok(!dump.includes('Legacy Larkin') && !dump.includes('legacy.larkin@'));
      const user = await restarted.stores.users.get(a.tenantId, id);
      assert.deepEqual([user?.displayName, user?.birthDate], ['Legacy Larkin', '2011-03-04']);
      const row = await db
        .selectFrom('users')
        .select('email_index')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.ok(row.email_index, 'the blind index was filled in');
    });

    test('rotation to a new master key re-encrypts every row, resumes when interrupted, and sign-in still works', async () => {
      const db = t.container.database.db;
      const before = await piiRows();
      const oldKeys = await db.selectFrom('data_keys').select(['id', 'master_key_id']).execute();
      assert.equal(oldKeys.length, 2, 'one data key per tenant');

      const rotating = await containerWith({
        PATHWISE_MASTER_KEY: newKey,
        PATHWISE_MASTER_KEY_PREVIOUS: developmentKey,
      });
      // An interrupted rotation: tenant A got its new key and some rows, then the process died.
      const partial = await reencryptTenant(db, rotating.encryption, a.tenantId, {
        rotate: true,
        retire: false,
        batchSize: 2,
      });
      assert.equal(
        (
          await db
            .selectFrom('data_keys')
            .select('id')
            .where('tenant_id', '=', a.tenantId)
            .execute()
        ).length,
        2,
      );
      // While it runs, both keys are readable and sign-in works.
      const midway = await rotating.services.auth.signIn({
        email,
        password: 'correct horse battery',
      });
      assert.equal(midway.principal.kind === 'user' && midway.principal.userId, userId);

      const done = await rotateEncryptionKeys(rotating);
      assert.equal(done.stale, 0);
      const keys = await db
        .selectFrom('data_keys')
        .select(['id', 'tenant_id', 'master_key_id'])
        .execute();
      assert.equal(keys.length, 2);
      assert.ok(keys.every((k) => k.master_key_id === rotating.encryption.keys.currentKeyId()));
      assert.ok(
        keys.some((k) => k.id === partial.dataKeyId),
        'the interrupted rotation was resumed, not restarted',
      );
      assert.ok(
        keys.every((k) => !oldKeys.some((o) => o.id === k.id)),
        'old data keys are gone',
      );

      const after = await piiRows();
      assert.equal(after.length, before.length);
      const dump = await dumpDatabase(db);
      for (const old of before) {
        assert.ok(!dump.includes(old), 'an old ciphertext or blind index survived the rotation');
      }
      for (const v of after.filter((x) => x.startsWith('pw1:'))) {
        assert.ok(keys.some((k) => v.startsWith(`pw1:${k.id}:`)));
      }
      for (const plain of ['Rosa Rotation', email, 'EMP-77']) {
        assert.ok(!dump.includes(plain));
      }

      // With only the new master key configured, everything reads and sign-in works.
      const after2 = await containerWith({ PATHWISE_MASTER_KEY: newKey });
      const signed = await after2.services.auth.signIn({
        email,
        password: 'correct horse battery',
      });
      assert.equal(signed.principal.kind === 'user' && signed.principal.userId, userId);
      const roster = await after2.stores.users.list(b.tenantId, {}, { limit: 100 });
      assert.ok(roster.items.some((u) => u.displayName === 'Sam Student'));
      // The old master key alone can no longer read anything.
      const stale = await containerWith({ PATHWISE_MASTER_KEY: developmentKey });
      await assert.rejects(
        stale.stores.users.get(a.tenantId, userId),
        (e: unknown) => e instanceof AppError && e.kind === 'Internal',
      );

      // Rotating again is safe: new keys, same data.
      await rotateEncryptionKeys(after2);
      assert.equal((await after2.stores.users.get(a.tenantId, userId))?.email, email);
      await sql`select 1`.execute(db);
    });
  });
}
