/**
 * COPPA consents and data minimisation on the hot path, data-rights export and erasure, and
 * encryption at rest, through the real app and the raw database behind it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../src/domain/errors.js';
import { createDataRightsService } from '../../src/services/data-rights-service.js';
import { dumpDatabase } from '../support/databases.js';
import {
  bearer,
  seedTenant,
  stableRead,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}
interface ContentRow {
  id: string;
  type: string;
  objectiveIds: string[];
  item: { format: string } | null;
}

describe('privacy', () => {
  let t: TestApp;
  let a: SeededTenant;
  let items: ContentRow[];
  let seq = 0;
  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'priv-a');
    items = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/courses/${a.courseId}/content?limit=1000`,
        headers: bearer(a.keys.admin),
      })
    ).json<{ items: ContentRow[] }>().items;
  });

  const itemOf = (format: string) => items.find((c) => c.item?.format === format) as ContentRow;
  const video = () => items.find((c) => c.type === 'video') as ContentRow;
  const base = (studentId: string) => ({
    id: `priv-${++seq}`,
    studentId,
    courseId: a.courseId,
    timestamp: new Date(Date.UTC(2026, 10, 21, 9, 0, seq)).toISOString(),
  });
  const answer = (studentId: string, format: string, response: string, correct = true) => ({
    ...base(studentId),
    type: 'item_attempted',
    itemId: itemOf(format).id,
    response,
    correct,
    durationMs: 9000,
    hintsUsed: 0,
    attempt: 1,
  });
  const post = (key: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(key),
      payload: payload as object,
    });
  const inject = (method: 'GET' | 'POST', url: string, key: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

  /** A new student of section 1 born `years` ago (by the real clock), with their own key. */
  async function newStudent(name: string, years: number) {
    const now = new Date();
    const birthDate = `${now.getUTCFullYear() - years}-01-01`;
    const res = await inject('POST', '/v1/users', a.keys.admin, {
      role: 'student',
      displayName: name,
      email: `${name.toLowerCase().replace(/ /g, '.')}@priv.example`,
      externalId: `SIS-${name.replace(/ /g, '')}`,
      birthDate,
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json<{ id: string }>().id;
    await inject('POST', `/v1/sections/${a.sectionIds[0]}/enrollments`, a.keys.admin, {
      userId: id,
    });
    const { key } = await t.container.services.auth.createApiKey({
      tenant: a.tenantId,
      role: 'student',
      userId: id,
    });
    return { id, key, email: `${name.toLowerCase().replace(/ /g, '.')}@priv.example` };
  }

  describe('COPPA', () => {
    test('without consent an under-13 student keeps practice (answers → mastery) but not free text or telemetry', async () => {
      const kid = await newStudent('Kim Young', 10);
      const mc = await post(kid.key, answer(kid.id, 'multiple_choice', 'a'));
      assert.equal(mc.statusCode, 200, mc.body);
      assert.equal(mc.json<{ accepted: number }>().accepted, 1);
      assert.ok(mc.json<{ mastery: unknown[] }>().mastery.length > 0, 'mastery moved');

      const typed = await post(kid.key, answer(kid.id, 'short_text', 'my cat Tibbles says 1/2'));
      assert.equal(typed.statusCode, 200, typed.body);

      const watch = await post(kid.key, {
        ...base(kid.id),
        type: 'video_progressed',
        contentId: video().id,
        positionSeconds: 30,
        durationSeconds: 120,
      });
      assert.equal(watch.statusCode, 200, watch.body);
      assert.deepEqual(
        [watch.json<{ accepted: number }>().accepted, watch.json<{ withheld: number }>().withheld],
        [0, 1],
      );

      const forum = await post(kid.key, { ...base(kid.id), type: 'forum_posted', text: 'hi all' });
      assert.equal(forum.statusCode, 403, forum.body);
      assert.equal(forum.json<Problem>().code, 'consent_required');
      assert.deepEqual(
        forum.json<Problem>().errors?.map((e) => e.path),
        ['/text'],
      );

      const stored = (
        await inject('GET', `/v1/students/${kid.id}/events?limit=100`, a.keys.admin)
      ).json<{ items: { type: string; response?: string }[] }>().items;
      assert.deepEqual(stored.map((e) => e.type).sort(), ['item_attempted', 'item_attempted']);
      assert.ok(
        stored.some((e) => e.response === 'a'),
        'a choice answer is kept',
      );
      assert.ok(
        stored.some((e) => e.response === ''),
        'a typed answer is stored blank',
      );
      assert.ok(!(await dumpDatabase(t.container.database.db)).includes('Tibbles'));
    });

    test('a school consent for the educational purpose lets everything in; revoking it stops it again', async () => {
      const kid = await newStudent('Lee Small', 11);
      const bad = await inject('POST', `/v1/students/${kid.id}/consents`, a.keys.admin, {
        kind: 'school',
        scope: ['educational', 'third_party_analytics'],
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.deepEqual(
        bad.json<Problem>().errors?.map((e) => e.path),
        ['/scope/1'],
      );
      const byInstructor = await inject(
        'POST',
        `/v1/students/${kid.id}/consents`,
        a.keys.instructor,
        {
          kind: 'school',
          scope: ['educational'],
        },
      );
      assert.equal(byInstructor.statusCode, 403);

      const given = await inject('POST', `/v1/students/${kid.id}/consents`, a.keys.admin, {
        kind: 'school',
        scope: ['educational'],
        grantedBy: 'Principal Mara Quist',
        evidence: 'District agreement 2026-14',
      });
      assert.equal(given.statusCode, 201, given.body);
      const consent = given.json<{ id: string; grantedBy: string; kind: string }>();
      assert.equal(consent.grantedBy, 'Principal Mara Quist');
      assert.equal(
        (await post(kid.key, { ...base(kid.id), type: 'forum_posted', text: 'hello' })).statusCode,
        200,
      );
      const watch = await post(kid.key, { ...base(kid.id), type: 'session_started' });
      assert.equal(watch.json<{ accepted: number }>().accepted, 1);

      const revoked = await inject(
        'POST',
        `/v1/students/${kid.id}/consents/${consent.id}/revoke`,
        a.keys.admin,
        { note: 'parent withdrew' },
      );
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.ok(revoked.json<{ revokedAt: string | null }>().revokedAt);
      assert.equal(
        (await post(kid.key, { ...base(kid.id), type: 'forum_posted', text: 'again' })).statusCode,
        403,
      );
      const again = await inject(
        'POST',
        `/v1/students/${kid.id}/consents/${consent.id}/revoke`,
        a.keys.admin,
        {},
      );
      assert.equal(again.statusCode, 404);
      const list = await inject('GET', `/v1/students/${kid.id}/consents`, a.keys.admin);
      assert.equal(list.json<{ items: unknown[] }>().items.length, 1);
      assert.equal(
        (await inject('GET', `/v1/students/${kid.id}/consents`, a.keys.instructor)).statusCode,
        403,
      );
      // The parent's or official's name is personal data: encrypted at rest.
      assert.ok(!(await dumpDatabase(t.container.database.db)).includes('Mara Quist'));
    });

    test('students 13 and older need no consent', async () => {
      const teen = await newStudent('Pat Older', 14);
      const res = await post(teen.key, { ...base(teen.id), type: 'forum_posted', text: 'hey' });
      assert.equal(res.statusCode, 200, res.body);
    });
  });

  describe('data rights', () => {
    test('an admin exports everything about a student as JSON; others may not', async () => {
      const s = await newStudent('Eve Export', 15);
      await post(s.key, answer(s.id, 'multiple_choice', 'a'));
      const res = await inject('GET', `/v1/students/${s.id}/export`, a.keys.admin);
      assert.equal(res.statusCode, 200, res.body);
      const doc = res.json<{
        format: string;
        student: { email: string; displayName: string };
        enrollments: { id: string }[];
        events: { type: string }[];
        mastery: unknown[];
        features: unknown[];
        consents: unknown[];
        classAggregateContributions: { sectionId: string; attempts: number }[];
        auditEntries: { subjectId: string; action: string; resource: string; hash: string }[];
      }>();
      assert.equal(doc.format, 'pathwise.student-export.v1');
      // The student's own post is audited; the export seals the entries into the chain first.
      assert.ok(
        doc.auditEntries.some((e) => e.action === 'write' && e.resource === 'events'),
        JSON.stringify(doc.auditEntries),
      );
      assert.ok(
        doc.auditEntries.every((e) => e.subjectId === s.id && /^[0-9a-f]{64}$/.test(e.hash)),
      );
      assert.equal(doc.student.email, s.email);
      assert.deepEqual(
        doc.enrollments.map((e) => e.id),
        [a.sectionIds[0]],
      );
      assert.equal(doc.events.length, 1);
      assert.ok(doc.mastery.length > 0 && doc.features.length === 1);
      assert.deepEqual(
        doc.classAggregateContributions.map((c) => [c.sectionId, c.attempts]),
        [[a.sectionIds[0], 1]],
      );
      for (const key of [a.keys.instructor, a.keys.student]) {
        assert.equal((await inject('GET', `/v1/students/${s.id}/export`, key)).statusCode, 403);
      }
      const requests = await inject(
        'GET',
        `/v1/data-rights-requests?studentId=${s.id}`,
        a.keys.admin,
      );
      assert.deepEqual(
        requests
          .json<{ items: { kind: string; status: string }[] }>()
          .items.map((r) => [r.kind, r.status]),
        [['export', 'completed']],
      );
    });

    test('erasure leaves no PII of the student anywhere, keeps events and class aggregates, and is idempotent', async () => {
      const s = await newStudent('Zed Erasable', 15);
      const marker = 'violet-okapi-8812';
      const typedMarker = 'tangerine-yak-5530';
      for (let i = 0; i < 4; i++) {
        await post(s.key, {
          ...answer(s.id, 'multiple_choice', 'a', i % 2 === 0),
          sectionId: a.sectionIds[0],
        });
      }
      await post(s.key, {
        ...answer(s.id, 'short_text', `${typedMarker} 1/2`),
        sectionId: a.sectionIds[0],
      });
      await post(s.key, {
        ...base(s.id),
        type: 'forum_posted',
        text: `I think ${marker} is right`,
      });
      // Wait until the class aggregates have counted all five answers.
      const aggregates = async () =>
        (await inject('GET', `/v1/sections/${a.sectionIds[0]}/aggregates`, a.keys.admin)).body;
      await t.container.relay.flush();
      const started = Date.now();
      const objective = itemOf('short_text').objectiveIds[0] as string;
      for (;;) {
        const rows = JSON.parse(await aggregates()) as {
          items: { objectiveId: string; attempts: number }[];
        };
        const total = rows.items.reduce((n, r) => n + r.attempts, 0);
        if (total >= 5 && rows.items.some((r) => r.objectiveId === objective)) {
          break;
        }
        assert.ok(Date.now() - started < 10_000, 'aggregates did not arrive');
        await new Promise((r) => setTimeout(r, 50));
      }
      const aggregatesBefore = await stableRead(aggregates);
      const db = t.container.database.db;
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
      const ciphertexts = [
        row.email,
        row.display_name,
        row.external_id,
        row.birth_date,
        row.email_index,
        row.external_id_index,
      ] as string[];
      const dumpBefore = await dumpDatabase(db);
      assert.ok(
        dumpBefore.includes(marker) && dumpBefore.includes(typedMarker),
        'free text was stored',
      );
      assert.ok(ciphertexts.every((c) => c && dumpBefore.includes(c)));
      const eventsBefore = (
        await inject('GET', `/v1/students/${s.id}/events?limit=100`, a.keys.admin)
      ).json<{ items: unknown[] }>().items.length;

      const erased = await inject('POST', `/v1/students/${s.id}/erasure`, a.keys.admin, {
        mode: 'delete',
        reason: 'parent request',
      });
      assert.equal(erased.statusCode, 200, erased.body);
      const outcome = erased.json<{
        request: { status: string; kind: string };
        outcome: {
          eventsBlanked: number;
          apiKeys: number;
          mastery: number;
          alreadyErased: boolean;
        };
      }>();
      assert.equal(outcome.request.status, 'completed');
      assert.equal(outcome.outcome.eventsBlanked, 2);
      assert.equal(outcome.outcome.apiKeys, 1);
      assert.ok(outcome.outcome.mastery > 0);

      const dump = await dumpDatabase(db);
      for (const pii of [
        'Zed Erasable',
        'Zed',
        'Erasable',
        s.email,
        'SIS-ZedErasable',
        marker,
        typedMarker,
        ...ciphertexts,
      ]) {
        assert.ok(!dump.includes(pii), `${pii} is still in the database`);
      }
      const user = (await inject('GET', `/v1/users/${s.id}`, a.keys.admin)).json<{
        displayName: string;
        email: string | null;
        birthDate: string | null;
        externalId: string | null;
      }>();
      assert.deepEqual(
        [user.displayName, user.email, user.birthDate, user.externalId],
        ['Erased student', null, null, null],
      );
      assert.equal(await aggregates(), aggregatesBefore, 'class aggregates are unchanged');
      const eventsAfter = (
        await inject('GET', `/v1/students/${s.id}/events?limit=100`, a.keys.admin)
      ).json<{ items: unknown[] }>().items.length;
      assert.equal(eventsAfter, eventsBefore, 'events are kept under the pseudonymous id');
      const mastery = await inject('GET', `/v1/students/${s.id}/mastery`, a.keys.admin);
      assert.deepEqual(mastery.json<{ items: unknown[] }>().items, []);
      assert.equal((await inject('GET', '/v1/users', s.key)).statusCode, 401, 'their key is gone');
      const posted = await post(a.keys.admin, answer(s.id, 'multiple_choice', 'a'));
      assert.equal(posted.statusCode, 403, 'nothing more is collected about an erased student');

      const again = await inject('POST', `/v1/students/${s.id}/erasure`, a.keys.admin, {
        mode: 'delete',
      });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(
        again.json<{ outcome: { alreadyErased: boolean; eventsBlanked: number } }>().outcome
          .alreadyErased,
        true,
      );
      assert.equal(again.json<{ outcome: { eventsBlanked: number } }>().outcome.eventsBlanked, 0);
    });

    test('erasure blanks the free text of messages still in the outbox, and only theirs', async () => {
      const s = await newStudent('Oona Outboxed', 15);
      const other = await newStudent('Otto Other', 15);
      const marker = 'saffron-heron-4471';
      const typedMarker = 'cobalt-lynx-2093';
      const otherMarker = 'umber-stoat-6618';
      // The relay holds off, so the messages wait in the outbox: one batch (one row) of the
      // four events below, two students' messages together.
      await t.container.relay.stop();
      try {
        const sent = await post(a.keys.admin, {
          events: [
            { ...base(s.id), type: 'forum_posted', text: `I think ${marker} is right` },
            answer(s.id, 'short_text', `${typedMarker} 1/2`),
            answer(s.id, 'multiple_choice', 'a'),
            { ...base(other.id), type: 'forum_posted', text: `No, ${otherMarker}` },
          ],
        });
        assert.equal(sent.statusCode, 200, sent.body);
        const db = t.container.database.db;
        const outboxText = async () =>
          JSON.stringify(await db.selectFrom('outbox').select('payload').execute());
        const before = await outboxText();
        assert.ok(
          [marker, typedMarker, otherMarker].every((m) => before.includes(m)),
          'the outbox holds the free text',
        );

        const erased = await inject('POST', `/v1/students/${s.id}/erasure`, a.keys.admin, {
          mode: 'deidentify',
        });
        assert.equal(erased.statusCode, 200, erased.body);
        assert.equal(
          erased.json<{ outcome: { outboxBlanked: number } }>().outcome.outboxBlanked,
          2,
        );
        const after = await outboxText();
        assert.ok(!after.includes(marker) && !after.includes(typedMarker), 'their text is blanked');
        assert.ok(after.includes(otherMarker), "another student's text is kept");
      } finally {
        t.container.relay.start();
      }
      await t.container.relay.flush();
      const left = await t.container.database.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(left.n), 0, 'the blanked batch is still relayed');
    });

    test('a failed erasure changes nothing and is recorded as failed', async () => {
      const s = await newStudent('Fay Failing', 15);
      const { stores, authz, newId, catalog } = t.container;
      const failing = createDataRightsService({
        ...stores,
        dataRights: {
          ...stores.dataRights,
          erase: () =>
            Promise.reject(new AppError({ kind: 'Unavailable', code: 'db_down', message: 'down' })),
        },
        catalog,
        authz,
        newId,
        now: () => new Date(),
      });
      const admin = {
        kind: 'user' as const,
        tenantId: a.tenantId,
        userId: a.users.admin,
        role: 'admin' as const,
      };
      await assert.rejects(failing.erase(admin, s.id, { mode: 'delete' }), /down/);
      const requests = await inject(
        'GET',
        `/v1/data-rights-requests?studentId=${s.id}`,
        a.keys.admin,
      );
      assert.deepEqual(
        requests
          .json<{ items: { status: string; outcome: { error?: string } }[] }>()
          .items.map((r) => [r.status, r.outcome.error]),
        [['failed', 'db_down']],
      );
      const user = (await inject('GET', `/v1/users/${s.id}`, a.keys.admin)).json<{
        displayName: string;
      }>();
      assert.equal(user.displayName, 'Fay Failing');
    });

    test('deidentify keeps mastery under the pseudonym; bad modes are a 400 naming the field', async () => {
      const s = await newStudent('Dee Ident', 15);
      await post(s.key, answer(s.id, 'multiple_choice', 'a'));
      const bad = await inject('POST', `/v1/students/${s.id}/erasure`, a.keys.admin, {
        mode: 'shred',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /mode/);
      const ok = await inject('POST', `/v1/students/${s.id}/erasure`, a.keys.admin, {
        mode: 'deidentify',
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const mastery = await inject('GET', `/v1/students/${s.id}/mastery`, a.keys.admin);
      assert.ok(mastery.json<{ items: unknown[] }>().items.length > 0);
      assert.equal(
        (
          await inject('POST', `/v1/students/${a.users.instructor}/erasure`, a.keys.admin, {
            mode: 'delete',
          })
        ).statusCode,
        404,
        'only students are erased this way',
      );
    });
  });
});
