/**
 * The analytics agent end to end, through the real app: events posted through POST /v1/events
 * reach the analytics consumer over the outbox and the bus; the instructor reads the dashboard,
 * the at-risk list, the timeline, the mastery history, content effectiveness and the CSV export.
 * Also: the consumer applies a message once, and the rebuild from the event log equals the
 * incremental tables. On PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ANALYTICS_CONSUMER, rebuildAnalytics } from '../../src/services/analytics.js';
import { databaseKinds } from '../support/databases.js';
import {
  bearer,
  courseContentOf,
  seedTenant,
  startTestApp,
  type ListedContent,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

interface Dashboard {
  sectionId: string;
  courseId: string;
  updatedAt: string;
  objectives: { id: string; key: string; title: string }[];
  students: {
    id: string;
    name: string;
    lastActiveAt: string | null;
    masteredCount: number;
    atRisk: boolean;
    mastery: (number | null)[];
  }[];
  summary: Record<string, number>;
}

interface AtRisk {
  students: {
    studentId: string;
    name: string;
    risk: number;
    reasons: { code: string; text: string; objectiveId: string | null }[];
  }[];
}

for (const kind of databaseKinds) {
  describe(`analytics (${kind.name})`, { skip: kind.skip }, () => {
    let t: TestApp;
    let a: SeededTenant;
    let items: ListedContent[];
    let seq = 0;
    // Two days ago at 01:00 UTC, so the suite's events (30 s apart) fall on one UTC day whatever
    // the hour the suite runs at: from 2 days before now, those of the rebuild test crossed
    // midnight when it ran after about 22:00 UTC, and the per-day counts it waits for split.
    const start = (Math.floor(Date.now() / 86_400_000) - 2) * 86_400_000 + 3_600_000;
    after(() => t.close());
    before(async () => {
      t = await startTestApp(kind);
      a = await seedTenant(t.container, `an-${kind.name}`);
      items = await courseContentOf(t, a);
    });

    const itemsOf = (objectiveIndex: number) =>
      items.filter(
        (c) =>
          c.type === 'assessment_item' &&
          c.objectiveIds.includes(a.objectiveIds[objectiveIndex] as string),
      );
    const stamp = () => new Date(start + ++seq * 30_000).toISOString();
    const answers = (student: string, objectiveIndex: number, n: number, correct: boolean) =>
      Array.from({ length: n }, (_, i) => {
        const item = itemsOf(objectiveIndex)[i % itemsOf(objectiveIndex).length] as { id: string };
        return {
          id: `an-${++seq}`,
          type: 'item_attempted',
          studentId: student,
          courseId: a.courseId,
          timestamp: stamp(),
          itemId: item.id,
          response: 'x, "quoted"',
          correct,
          durationMs: 20_000,
          hintsUsed: 0,
          attempt: 1,
        };
      });
    async function post(events: object[]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(a.keys.admin),
        payload: { events },
      });
      assert.equal(res.statusCode, 200, res.body);
      await t.container.relay.flush();
    }
    const get = (url: string, key = a.keys.instructor, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });
    async function waitFor<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
      const t0 = Date.now();
      for (;;) {
        const value = await read();
        if (value !== undefined) {
          return value;
        }
        if (Date.now() - t0 > 10_000) {
          assert.fail(`timed out waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const dashboard = async () => {
      const res = await get(`/v1/sections/${a.sectionIds[0]}/dashboard`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Dashboard>();
    };

    test('a video then answers show in the dashboard heatmap, timeline and history', async () => {
      const video = items.find(
        (c) => c.type === 'video' && c.objectiveIds.includes(a.objectiveIds[0] as string),
      ) as ListedContent;
      await post([
        {
          id: `an-${++seq}`,
          type: 'video_completed',
          studentId: a.users.student,
          courseId: a.courseId,
          timestamp: stamp(),
          contentId: video.id,
          positionSeconds: 100,
          durationSeconds: 100,
        },
        ...answers(a.users.student, 0, 4, true),
      ]);
      const d = await waitFor(async () => {
        const body = await dashboard();
        return body.summary.attemptsLast7Days === 4 ? body : undefined;
      }, 'the dashboard to show the answers');
      assert.equal(d.sectionId, a.sectionIds[0]);
      assert.equal(d.courseId, a.courseId);
      assert.deepEqual(
        d.students.map((s) => s.id),
        [a.users.student],
        'only the section’s students',
      );
      const me = d.students[0] as Dashboard['students'][number];
      assert.equal(me.name, 'Sam Student');
      assert.equal(me.mastery.length, d.objectives.length);
      const i0 = d.objectives.findIndex((o) => o.id === a.objectiveIds[0]);
      assert.ok((me.mastery[i0] as number) > 0.5, 'four correct answers raise mastery');
      assert.equal(d.summary.students, 1);
      assert.equal(d.summary.attemptsLast7Days, 4);
      assert.equal(d.summary.activeLast7Days, 1);
      assert.equal(d.summary.videoCompletionRate, 1);

      const history = await get(
        `/v1/students/${a.users.student}/mastery-history?courseId=${a.courseId}`,
      );
      assert.equal(history.statusCode, 200, history.body);
      const h = history.json<{ points: { objectiveId: string; at: string; pMastery: number }[] }>();
      const mine = h.points.filter((p) => p.objectiveId === a.objectiveIds[0]);
      assert.ok(mine.length >= 2, 'the prior and at least one move');
      assert.ok(
        (mine.at(-1) as { pMastery: number }).pMastery > (mine[0] as { pMastery: number }).pMastery,
      );

      const timeline = await get(`/v1/students/${a.users.student}/timeline?limit=3`);
      assert.equal(timeline.statusCode, 200, timeline.body);
      const page1 = timeline.json<{
        items: { at: string; kind: string; text: string; objectiveId: string | null }[];
        nextCursor: string;
      }>();
      assert.equal(page1.items.length, 3);
      assert.ok(page1.nextCursor);
      const all = [...page1.items];
      let cursor: string | null = page1.nextCursor;
      while (cursor) {
        const next = await get(`/v1/students/${a.users.student}/timeline?limit=3&cursor=${cursor}`);
        const body = next.json<{ items: typeof page1.items; nextCursor: string | null }>();
        all.push(...body.items);
        cursor = body.nextCursor;
      }
      assert.equal(all.filter((x) => x.kind === 'event').length, 5, 'every event once');
      assert.ok(all.some((x) => x.kind === 'mastery'));
      const times = all.map((x) => Date.parse(x.at));
      assert.deepEqual(
        times,
        [...times].sort((x, y) => y - x),
        'newest first',
      );
      assert.ok(all.some((x) => x.text.startsWith('Completed the video')));
      assert.ok(
        all.some((x) => x.kind === 'event' && x.objectiveId === a.objectiveIds[0]),
        'an answer names its objective',
      );
    });

    test('the dashboard answers 304 to its own ETag and 200 after a change', async () => {
      // Only a body that goes out is a read of the students' records: a 304 is not audited.
      const audited = async () =>
        (
          await sql<{ n: number }>`
            select count(*)::int as n from audit_log
             where tenant_id = ${a.tenantId}::uuid and resource = 'class_analytics'`.execute(
            t.container.database.db,
          )
        ).rows[0]?.n ?? 0;
      const before = await audited();
      const first = await get(`/v1/sections/${a.sectionIds[0]}/dashboard`);
      const etag = first.headers.etag as string;
      assert.ok(etag);
      const afterFirst = await audited();
      assert.ok(afterFirst > before, 'the body read is audited');
      const again = await get(`/v1/sections/${a.sectionIds[0]}/dashboard`, a.keys.instructor, {
        'if-none-match': etag,
      });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal(await audited(), afterFirst, 'a 304 discloses nothing and is not audited');
      await post(answers(a.users.student, 1, 1, false));
      await waitFor(async () => {
        const res = await get(`/v1/sections/${a.sectionIds[0]}/dashboard`, a.keys.instructor, {
          'if-none-match': etag,
        });
        return res.statusCode === 200 ? res : undefined;
      }, 'a new ETag');
    });

    test('ten wrong answers put the student on the at-risk list with the reason', async () => {
      await post(answers(a.users.student, 2, 10, false));
      const list = await waitFor(async () => {
        const res = await get(`/v1/sections/${a.sectionIds[0]}/at-risk`);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json<AtRisk>();
        return body.students[0]?.reasons.some((r) => r.code === 'wheel_spinning')
          ? body
          : undefined;
      }, 'wheel-spinning on the at-risk list');
      const s = list.students[0] as AtRisk['students'][number];
      assert.equal(s.studentId, a.users.student);
      assert.ok(s.risk >= 0.6 && s.risk <= 1);
      const ws = s.reasons.find((r) => r.code === 'wheel_spinning');
      assert.equal(ws?.objectiveId, a.objectiveIds[2]);
      assert.ok(!ws?.text.includes('Sam'), 'reasons never name the student');
      const d = await dashboard();
      assert.equal(d.students[0]?.atRisk, true);
    });

    test('content effectiveness reports the gain after the video with an interval', async () => {
      const res = await get(`/v1/sections/${a.sectionIds[0]}/content-effectiveness`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{
        items: {
          contentId: string;
          type: string;
          learners: number;
          meanGain: number;
          ciLow: number;
          ciHigh: number;
        }[];
      }>();
      const video = body.items.find((i) => i.type === 'video');
      assert.ok(video, res.body);
      assert.equal(video.learners, 1);
      assert.ok(video.meanGain > 0);
      assert.ok(video.ciLow <= video.meanGain && video.meanGain <= video.ciHigh);
    });

    test('the CSV export escapes commas, quotes and line breaks (RFC 4180)', async () => {
      const odd = await t.container.stores.users.create(a.tenantId, {
        id: t.container.newId(),
        role: 'student',
        displayName: 'Doe, "JJ"\nJunior',
        email: null,
      });
      await t.container.stores.sections.enroll(a.tenantId, {
        id: t.container.newId(),
        sectionId: a.sectionIds[0],
        userId: odd.id,
        role: 'student',
      });
      // The roster is cached for a few seconds; a fresh app would see it at once.
      const csv = await waitFor(async () => {
        const res = await get(`/v1/sections/${a.sectionIds[0]}/export.csv?view=heatmap`);
        assert.equal(res.statusCode, 200, res.body);
        return res.body.includes(odd.id) && res.body.includes('Doe') ? res : undefined;
      }, 'the new student in the export');
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /^attachment/);
      assert.ok(csv.body.includes(`${odd.id},"Doe, ""JJ""\nJunior",`), csv.body);
      assert.ok(csv.body.endsWith('\r\n'));
      const header = csv.body.split('\r\n')[0] as string;
      assert.match(header, /^student_id,name,last_active_at,mastered_count,at_risk,/);
      const atRisk = await get(`/v1/sections/${a.sectionIds[0]}/export.csv?view=at-risk`);
      assert.equal(atRisk.statusCode, 200);
      assert.ok(atRisk.body.includes(a.users.student));
    });

    test('a student, another section’s instructor and another tenant cannot read the analytics', async () => {
      const urls = [
        `/v1/sections/${a.sectionIds[0]}/dashboard`,
        `/v1/sections/${a.sectionIds[0]}/at-risk`,
        `/v1/students/${a.users.student}/timeline`,
      ];
      for (const url of urls) {
        assert.equal((await get(url, a.keys.student)).statusCode, 403, url);
        assert.equal((await get(url, a.keys.otherInstructor)).statusCode, 404, url);
        assert.equal((await get(url, a.keys.admin)).statusCode, 200, url);
      }
      const b = await seedTenant(t.container, `an-b-${kind.name}`);
      for (const url of urls) {
        assert.equal((await get(url, b.keys.admin)).statusCode, 404, url);
      }
    });

    test('dashboard reads are audited for every student of the section', async () => {
      await get(`/v1/sections/${a.sectionIds[0]}/at-risk`);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from audit_log
         where tenant_id = ${a.tenantId}::uuid and resource = 'at_risk'
           and subject_id = ${a.users.student}::uuid`.execute(t.container.database.db);
      assert.ok((rows[0]?.n ?? 0) >= 1);
    });

    test('reads of interventions are audited like other student records', async () => {
      const db = t.container.database.db;
      const count = async (subject: string) =>
        (
          await sql<{ n: number }>`
            select count(*)::int as n from audit_log
             where tenant_id = ${a.tenantId}::uuid and resource = 'interventions'
               and subject_id = ${subject}::uuid and action = 'read'`.execute(db)
        ).rows[0]?.n ?? 0;
      const before = await count(a.users.student);
      const queue = await get(`/v1/sections/${a.sectionIds[0]}/interventions`);
      assert.equal(queue.statusCode, 200, queue.body);
      const listed = queue.json<{ items: { studentId: string }[] }>().items;
      assert.ok(listed.length > 0, 'ten wrong answers raised at least one intervention');
      assert.equal(await count(a.users.student), before + 1, 'one entry per student on the page');
      const own = await get(`/v1/students/${a.users.student}/interventions`, a.keys.student);
      assert.equal(own.statusCode, 200, own.body);
      const staff = await get(`/v1/students/${a.users.student}/interventions`);
      assert.equal(staff.statusCode, 200, staff.body);
      assert.equal(await count(a.users.student), before + 3);
    });

    test('the consumer applies a message once when it is delivered twice', async () => {
      const [consumer] = t.container.consumers.filter((c) => c.name === ANALYTICS_CONSUMER);
      assert.ok(consumer);
      const before = await dashboard();
      const event = answers(a.users.student, 3, 1, true)[0] as { timestamp: string };
      const message = {
        id: t.container.newId(),
        tenantId: a.tenantId,
        subject: 'events.item_attempted',
        payload: { event, mastery: [{ objectiveId: a.objectiveIds[3], before: null, after: 0.4 }] },
      };
      await consumer.perform(message);
      await consumer.perform(message);
      const afterTwice = await dashboard();
      assert.equal(
        afterTwice.summary.attemptsLast7Days,
        (before.summary.attemptsLast7Days ?? 0) + 1,
      );
    });

    test('the rebuild from the event log equals the incremental tables', async () => {
      const video = items.find((c) => c.type === 'video') as ListedContent;
      await post([
        ...answers(a.users.otherStudent, 0, 6, false),
        {
          id: `an-${++seq}`,
          type: 'video_started',
          studentId: a.users.otherStudent,
          courseId: a.courseId,
          timestamp: stamp(),
          contentId: video.id,
          positionSeconds: 0,
          durationSeconds: 100,
        },
        ...answers(a.users.otherStudent, 0, 3, true),
      ]);
      await post(answers(a.users.otherStudent, 1, 3, true));
      const db = t.container.database.db;
      const student = a.users.otherStudent;
      const snapshot = async () =>
        JSON.stringify(
          await Promise.all([
            sql`select course_id, state, summary from analytics_learners
                 where tenant_id = ${a.tenantId}::uuid and student_id = ${student}::uuid`.execute(
              db,
            ),
            sql`select objective_id, at, p_mastery from analytics_mastery_points
                 where tenant_id = ${a.tenantId}::uuid and student_id = ${student}::uuid
                 order by objective_id, at`.execute(db),
            sql`select objective_id, window_key, used_at, answers, p_start, p_end
                  from analytics_content_windows
                 where tenant_id = ${a.tenantId}::uuid and student_id = ${student}::uuid
                 order by objective_id, window_key`.execute(db),
          ]).then((r) => r.map((x) => x.rows)),
        );
      const incremental = await waitFor(async () => {
        const snap = await snapshot();
        return snap.includes('"answers":12') || snap.includes('[12,') ? snap : undefined;
      }, 'the incremental analytics of all 13 events');
      assert.ok(incremental.includes(video.id), 'the video window exists');
      const result = await rebuildAnalytics({
        analytics: t.container.stores.analytics,
        catalog: t.container.catalog,
        model: (id) => t.container.servedModels.current(id),
        tenantId: a.tenantId,
      });
      assert.ok(result.events >= 13);
      assert.equal(await snapshot(), incremental);
      // The rebuild recorded receipts: a redelivered event changes nothing.
      const { rows } = await sql<{ id: string }>`
        select id from events where tenant_id = ${a.tenantId}::uuid
           and student_id = ${student}::uuid limit 1`.execute(db);
      const [consumer] = t.container.consumers.filter((c) => c.name === ANALYTICS_CONSUMER);
      await consumer?.perform({
        id: (rows[0] as { id: string }).id,
        tenantId: a.tenantId,
        subject: 'events.item_attempted',
        payload: { event: answers(student, 0, 1, true)[0], mastery: [] },
      });
      assert.equal(await snapshot(), incremental);
    });
  });
}
