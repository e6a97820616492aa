/**
 * The section-control store (migration 0008) on embedded PGlite and, when DATABASE_URL is set, on
 * PostgreSQL: set, replace, list, remove, and tenant isolation by row-level security.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { inTenant, type SqlDatabase } from '../../src/adapters/postgres/database.js';
import { createPostgresCourseStore } from '../../src/adapters/postgres/postgres-course-store.js';
import { createPostgresSectionControlStore } from '../../src/adapters/postgres/postgres-section-control-store.js';
import { createPostgresSectionStore } from '../../src/adapters/postgres/postgres-section-store.js';
import { createPostgresTenantStore } from '../../src/adapters/postgres/postgres-tenant-store.js';
import { buildCoursePackage } from '../builders.js';
import { databaseKinds, openMigrated, testFieldEncryption } from '../support/databases.js';

for (const kind of databaseKinds) {
  describe(`section controls on ${kind.name}`, { skip: kind.skip }, () => {
    let database: SqlDatabase;
    after(() => database.close());
    const setup = async (slug: string) => {
      const db = database.db;
      const tenant = await createPostgresTenantStore(db).create({ id: uuidv7(), slug, name: slug });
      const courses = createPostgresCourseStore(db);
      const { course } = await courses.importPackage(
        tenant.id,
        buildCoursePackage({ code: `C-${slug}` }),
        uuidv7,
      );
      const section = await createPostgresSectionStore(db, testFieldEncryption()).create(
        tenant.id,
        course.id,
        {
          id: uuidv7(),
          code: 'S',
          name: 'S',
        },
      );
      const content = await courses.listContent(tenant.id, course.id, {}, { limit: 10 });
      return {
        tenantId: tenant.id,
        sectionId: section.id,
        contentIds: content.items.map((c) => c.id),
      };
    };
    before(async () => {
      database = await openMigrated(kind);
    });

    test('set replaces, list reads back, remove deletes once', async () => {
      const store = createPostgresSectionControlStore(database.db);
      const s = await setup('ctl-a');
      const [c1, c2] = s.contentIds as [string, string];
      await store.set(s.tenantId, {
        sectionId: s.sectionId,
        contentId: c1,
        kind: 'hidden',
        note: 'wrong key',
        createdBy: null,
      });
      await store.set(s.tenantId, {
        sectionId: s.sectionId,
        contentId: c2,
        kind: 'pinned',
        note: null,
        createdBy: null,
      });
      const replaced = await store.set(s.tenantId, {
        sectionId: s.sectionId,
        contentId: c1,
        kind: 'flagged',
        note: null,
        createdBy: null,
      });
      assert.equal(replaced.kind, 'flagged');
      const list = await store.list(s.tenantId, s.sectionId);
      assert.deepEqual(
        list.map((c) => [c.contentId, c.kind]).sort(),
        [
          [c1, 'flagged'],
          [c2, 'pinned'],
        ].sort(),
      );
      assert.equal(await store.remove(s.tenantId, s.sectionId, c1), true);
      assert.equal(await store.remove(s.tenantId, s.sectionId, c1), false);
      assert.equal((await store.list(s.tenantId, s.sectionId)).length, 1);
    });

    test('row-level security: another tenant sees none of the controls', async () => {
      const store = createPostgresSectionControlStore(database.db);
      const a = await setup('ctl-b');
      const b = await setup('ctl-c');
      await store.set(a.tenantId, {
        sectionId: a.sectionId,
        contentId: a.contentIds[0] as string,
        kind: 'hidden',
        note: null,
        createdBy: null,
      });
      const seen = await inTenant(database.db, b.tenantId, (tx) =>
        sql<{ n: number }>`select count(*)::int as n from content_controls`.execute(tx),
      );
      assert.equal(seen.rows[0]?.n, 0);
      assert.deepEqual(await store.list(b.tenantId, a.sectionId), []);
    });
  });
}
