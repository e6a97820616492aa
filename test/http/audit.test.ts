/**
 * The audit log through the real app: every read and write of a student record leaves an entry
 * (actor, role, purpose, subject, action, request id); only tenant admins read the log; the hash
 * chain detects an edited, a deleted and a reordered entry; pruning keeps it verifiable; the app
 * role cannot rewrite history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { bindTenant } from '../../src/adapters/postgres/database.js';
import type { AuditEntry } from '../../src/ports.js';
import { createAuditService } from '../../src/services/audit.js';
import { databaseKinds } from '../support/databases.js';
import {
  bearer,
  operatorKey,
  seedTenant,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

type Entry = Omit<AuditEntry, 'tenantId'>;

for (const kind of databaseKinds) {
  describe(`audit log on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let a: SeededTenant;
    let b: SeededTenant;
    let operator: string;
    let itemId: string;
    let n = 0;
    after(() => t.close());
    before(async () => {
      t = await startTestApp(kind);
      a = await seedTenant(t.container, 'audit-a');
      b = await seedTenant(t.container, 'audit-b');
      operator = await operatorKey(t.container);
      const content = await t.container.stores.courses.listContent(
        a.tenantId,
        a.courseId,
        { type: 'assessment_item' },
        { limit: 1 },
      );
      itemId = (content.items[0] as { id: string }).id;
    });

    const get = (url: string, key: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });

    async function entriesOf(tenant: SeededTenant, studentId: string): Promise<Entry[]> {
      const all: Entry[] = [];
      for await (const e of t.container.services.audit.export(tenant.tenantId, studentId)) {
        all.push(e);
      }
      return all;
    }

    const attempt = (tenant: SeededTenant, studentId: string, item = itemId) => ({
      id: `audit-ev-${++n}`,
      type: 'item_attempted',
      studentId,
      courseId: tenant.courseId,
      timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, n)).toISOString(),
      itemId: item,
      response: 'a',
      correct: true,
      durationMs: 5000,
      hintsUsed: 0,
      attempt: 1,
    });

    test('a read of a student record is audited with actor, role, default purpose, action and request id', async () => {
      const res = await get(`/v1/students/${a.users.student}/mastery`, a.keys.instructor, {
        'x-request-id': 'req-audit-read-1',
      });
      assert.equal(res.statusCode, 200);
      const entry = (await entriesOf(a, a.users.student)).find(
        (e) => e.requestId === 'req-audit-read-1',
      );
      assert.ok(entry, 'no entry for the request');
      assert.equal(entry.actorKind, 'user');
      assert.equal(entry.actorId, a.users.instructor);
      assert.equal(entry.role, 'instructor');
      assert.equal(entry.purpose, 'instruction');
      assert.equal(entry.subjectId, a.users.student);
      assert.equal(entry.action, 'read');
      assert.equal(entry.resource, 'mastery');
      assert.ok(entry.chainIndex !== null && entry.hash && entry.prevHash, 'sealed on export');
    });

    test('posting events writes one entry per student in the same request', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { ...bearer(a.keys.admin), 'x-request-id': 'req-audit-ingest' },
        payload: { events: [attempt(a, a.users.student), attempt(a, a.users.otherStudent)] },
      });
      assert.equal(res.statusCode, 200, res.body);
      for (const student of [a.users.student, a.users.otherStudent]) {
        const mine = (await entriesOf(a, student)).filter(
          (e) => e.requestId === 'req-audit-ingest',
        );
        assert.equal(mine.length, 1);
        assert.deepEqual(
          [mine[0]?.action, mine[0]?.resource, mine[0]?.role, mine[0]?.purpose],
          ['write', 'events', 'admin', 'administration'],
        );
      }
      // A replay stores nothing new and audits nothing new.
      n -= 2;
      const again = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { ...bearer(a.keys.admin), 'x-request-id': 'req-audit-ingest-2' },
        payload: attempt(a, a.users.student),
      });
      assert.equal(again.statusCode, 200);
      assert.equal(
        (await entriesOf(a, a.users.student)).filter((e) => e.requestId === 'req-audit-ingest-2')
          .length,
        0,
      );
      assert.equal(again.json<{ duplicates: number }>().duplicates, 1);
    });

    test('lists audit each student they show; roster reads audit the students on it', async () => {
      await get('/v1/users?limit=100', a.keys.instructor, { 'x-request-id': 'req-audit-list' });
      const mine = await entriesOf(a, a.users.student);
      const other = await entriesOf(a, a.users.otherStudent);
      assert.ok(mine.some((e) => e.requestId === 'req-audit-list' && e.resource === 'users'));
      assert.ok(!other.some((e) => e.requestId === 'req-audit-list'), 'not shown, not audited');
      await get(`/v1/sections/${a.sectionIds[1]}/enrollments`, a.keys.admin, {
        'x-request-id': 'req-audit-roster',
      });
      assert.ok(
        (await entriesOf(a, a.users.otherStudent)).some(
          (e) => e.requestId === 'req-audit-roster' && e.resource === 'enrollments',
        ),
      );
    });

    test('a stated purpose is recorded; a purpose the role may not state is a 400 naming the header', async () => {
      const ok = await get(`/v1/users/${a.users.student}`, a.keys.admin, {
        'x-request-id': 'req-audit-purpose',
        'x-pathwise-purpose': 'data_rights',
      });
      assert.equal(ok.statusCode, 200);
      const entry = (await entriesOf(a, a.users.student)).find(
        (e) => e.requestId === 'req-audit-purpose',
      );
      assert.equal(entry?.purpose, 'data_rights');
      const bad = await get(`/v1/users/${a.users.student}`, a.keys.instructor, {
        'x-pathwise-purpose': 'administration',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(
        bad.json<{ errors: { path: string }[] }>().errors[0]?.path,
        '/headers/x-pathwise-purpose',
      );
    });

    test('only tenant admins read the audit log; reading it is audited', async () => {
      const url = `/v1/audit?studentId=${a.users.student}&limit=1000`;
      const res = await get(url, a.keys.admin, { 'x-request-id': 'req-audit-export' });
      assert.equal(res.statusCode, 200);
      const items = res.json<{ items: Entry[] }>().items;
      assert.ok(items.length >= 3);
      assert.ok(items.every((e) => e.subjectId === a.users.student));
      for (const key of [a.keys.instructor, a.keys.student, operator]) {
        assert.equal((await get(url, key)).statusCode, 403);
      }
      assert.equal(
        (await get(`/v1/audit?studentId=${b.users.student}`, a.keys.admin)).statusCode,
        404,
      );
      assert.ok(
        (await entriesOf(a, a.users.student)).some(
          (e) => e.requestId === 'req-audit-export' && e.resource === 'audit',
        ),
      );
      const page1 = await get('/v1/audit?limit=2', a.keys.admin);
      const cursor = page1.json<{ nextCursor: string }>().nextCursor;
      assert.ok(cursor);
      const page2 = await get(`/v1/audit?limit=2&cursor=${cursor}`, a.keys.admin);
      assert.equal(page2.statusCode, 200);
      assert.notEqual(
        page2.json<{ items: Entry[] }>().items[0]?.id,
        page1.json<{ items: Entry[] }>().items[0]?.id,
      );
    });

    test('the app role may insert and read audit entries but not update or delete them', async () => {
      const { db } = t.container.database;
      for (const statement of [
        sql`update audit_log set purpose = 'operations'`,
        sql`delete from audit_log`,
        sql`update audit_chains set head_index = 0`,
      ]) {
        await assert.rejects(
          db.transaction().execute(async (tx) => {
            await bindTenant(tx, a.tenantId);
            await statement.execute(tx);
          }),
          /permission denied/,
        );
      }
    });

    test('deleting a tenant removes its audit log with the rest of its data', async () => {
      const s = await seedTenant(t.container, 'audit-gone');
      await get(`/v1/users/${s.users.student}`, s.keys.admin);
      await t.container.services.audit.seal(s.tenantId);
      const count = async () =>
        Number(
          (
            await sql<{
              n: number;
            }>`select count(*) as n from audit_log where tenant_id = ${s.tenantId}`.execute(
              t.container.database.db,
            )
          ).rows[0]?.n,
        );
      assert.equal(await count(), 1);
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/v1/tenants/${s.tenantId}`,
        headers: bearer(operator),
      });
      assert.equal(res.statusCode, 204);
      assert.equal(await count(), 0);
      assert.equal(await t.container.stores.audit.chainState(s.tenantId), null);
    });

    /** A tenant with `count` sealed entries, verified intact. */
    async function tenantWithChain(slug: string, count: number): Promise<SeededTenant> {
      const s = await seedTenant(t.container, slug);
      for (let i = 0; i < count; i++) {
        assert.equal((await get(`/v1/users/${s.users.student}`, s.keys.admin)).statusCode, 200);
      }
      const ok = await t.container.services.audit.verify(s.tenantId);
      assert.ok(ok.ok);
      assert.equal(ok.entries, count);
      return s;
    }

    test('verify finds an edited entry and names it', async () => {
      const s = await tenantWithChain('audit-edit', 5);
      await sql`update audit_log set purpose = 'operations' where tenant_id = ${s.tenantId} and chain_index = 3`.execute(
        t.container.database.db,
      );
      const result = await t.container.services.audit.verify(s.tenantId);
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.firstBad.chainIndex, 3);
      assert.equal(result.firstBad.reason, 'edited');
    });

    test('verify finds a deleted entry, in the middle or at the end', async () => {
      const s = await tenantWithChain('audit-delete', 5);
      const { db } = t.container.database;
      await sql`delete from audit_log where tenant_id = ${s.tenantId} and chain_index = 5`.execute(
        db,
      );
      const tail = await t.container.services.audit.verify(s.tenantId);
      assert.ok(!tail.ok);
      assert.deepEqual([tail.firstBad.chainIndex, tail.firstBad.reason], [5, 'deleted']);
      await sql`delete from audit_log where tenant_id = ${s.tenantId} and chain_index = 2`.execute(
        db,
      );
      const middle = await t.container.services.audit.verify(s.tenantId);
      assert.ok(!middle.ok);
      assert.deepEqual([middle.firstBad.chainIndex, middle.firstBad.reason], [3, 'deleted']);
    });

    test('verify finds two entries swapped in the chain', async () => {
      const s = await tenantWithChain('audit-reorder', 5);
      const { db } = t.container.database;
      const where = sql`tenant_id = ${s.tenantId}`;
      await sql`update audit_log set chain_index = -1 where ${where} and chain_index = 2`.execute(
        db,
      );
      await sql`update audit_log set chain_index = 2 where ${where} and chain_index = 3`.execute(
        db,
      );
      await sql`update audit_log set chain_index = 3 where ${where} and chain_index = -1`.execute(
        db,
      );
      const result = await t.container.services.audit.verify(s.tenantId);
      assert.ok(!result.ok);
      assert.deepEqual([result.firstBad.chainIndex, result.firstBad.reason], [2, 'reordered']);
    });

    test('entries that commit late are chained after the head, and the chain still verifies', async () => {
      const s = await tenantWithChain('audit-late', 2);
      await t.container.stores.audit.append(s.tenantId, [
        {
          id: t.container.newId(),
          at: '2020-01-01T00:00:00.000Z',
          actorKind: 'system',
          actorId: null,
          role: 'admin',
          purpose: 'administration',
          subjectId: s.users.student,
          action: 'read',
          resource: 'users',
          requestId: null,
        },
      ]);
      const result = await t.container.services.audit.verify(s.tenantId);
      assert.ok(result.ok);
      assert.equal(result.headIndex, 3);
    });

    test('pruning past the retention keeps an anchor; the rest of the chain still verifies and still detects tampering', async () => {
      const s = await tenantWithChain('audit-prune', 3);
      const old = (i: number) => ({
        id: t.container.newId(),
        at: new Date(Date.UTC(2015, 0, 1 + i)).toISOString(),
        actorKind: 'system' as const,
        actorId: null,
        role: 'admin',
        purpose: 'administration',
        subjectId: s.users.student,
        action: 'read' as const,
        resource: 'users',
        requestId: null,
      });
      // The three recent entries are chained first (1..3); these old ones become 4..5, so only
      // a prefix of old entries can go: here none, since entry 1 is recent.
      const service = createAuditService({
        audit: t.container.stores.audit,
        trail: { entries: () => [], record: () => Promise.resolve() },
        users: t.container.stores.users,
        authz: { allows: () => true },
        now: () => new Date(),
        retentionDays: 2557,
      });
      await t.container.stores.audit.append(s.tenantId, [old(1), old(2)]);
      const none = await service.prune(s.tenantId);
      assert.ok(!('ok' in none));
      assert.equal(none.pruned, 0);
      // Eight years on, everything sealed so far is past the retention.
      const later = createAuditService({
        audit: t.container.stores.audit,
        trail: { entries: () => [], record: () => Promise.resolve() },
        users: t.container.stores.users,
        authz: { allows: () => true },
        now: () => new Date(Date.now() + 8 * 365 * 86_400_000),
        retentionDays: 2557,
      });
      const pruned = await later.prune(s.tenantId);
      assert.ok(!('ok' in pruned));
      assert.deepEqual([pruned.pruned, pruned.anchorIndex], [5, 5]);
      for (let i = 0; i < 3; i++) {
        await get(`/v1/users/${s.users.student}`, s.keys.admin);
      }
      const verified = await t.container.services.audit.verify(s.tenantId);
      assert.ok(verified.ok);
      assert.deepEqual(
        [verified.entries, verified.anchorIndex, verified.headIndex, verified.pruned],
        [3, 5, 8, 5],
      );
      await sql`update audit_log set subject_id = ${s.users.otherStudent} where tenant_id = ${s.tenantId} and chain_index = 6`.execute(
        t.container.database.db,
      );
      const tampered = await t.container.services.audit.verify(s.tenantId);
      assert.ok(!tampered.ok);
      assert.deepEqual([tampered.firstBad.chainIndex, tampered.firstBad.reason], [6, 'edited']);
      // A broken chain is kept as evidence: nothing more is pruned.
      const refused = await later.prune(s.tenantId);
      assert.ok('ok' in refused && !refused.ok);
    });
  });
}
