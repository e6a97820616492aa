/**
 * No accepted event is lost: the real server takes a load of event posts on PostgreSQL, is
 * killed with SIGKILL mid-run, and restarted. Every acknowledged event is then stored exactly
 * once, a replay of the whole load stores each event at most once more, and every stored answer
 * reaches the class aggregates exactly once through the outbox and the bus (NATS JetStream when
 * NATS_URL is set).
 */
import assert from 'node:assert/strict';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { createServerDatabase, databaseUrl, requireServices } from '../support/databases.js';
import { deleteStream, startServer } from '../support/processes.js';

interface Credentials {
  course: { id: string };
  accounts: { role: string; userId: string }[];
  apiKeys: { role: string; key: string }[];
}

const natsUrl = process.env.NATS_URL || undefined;
if (requireServices && !natsUrl) {
  throw new Error('PATHWISE_REQUIRE_SERVICES=1 but NATS_URL is not set');
}

describe(
  'durability under SIGKILL',
  { skip: databaseUrl ? undefined : 'skipped: no PostgreSQL server (set DATABASE_URL)' },
  () => {
    test('every acknowledged event is stored exactly once and aggregated exactly once', async () => {
      const fresh = await createServerDatabase(databaseUrl as string);
      const dir = await mkdtemp(join(tmpdir(), 'pathwise-kill-'));
      const stream = `PATHWISE_TEST_${Date.now()}`;
      const env = {
        PATHWISE_DATA_DIR: dir,
        DATABASE_URL: fresh.url,
        ...(natsUrl
          ? {
              NATS_URL: natsUrl,
              PATHWISE_NATS_STREAM: stream,
              PATHWISE_NATS_PREFIX: stream.toLowerCase(),
            }
          : {}),
      };
      const client = new pg.Client({ connectionString: fresh.url });
      try {
        let server = await startServer(env);
        const creds = JSON.parse(
          await readFile(join(dir, 'demo-credentials.json'), 'utf8'),
        ) as Credentials;
        const key = creds.apiKeys.find((k) => k.role === 'admin')?.key as string;
        const students = creds.accounts.filter((a) => a.role === 'student').map((a) => a.userId);
        const items = (
          (await (
            await fetch(
              `${server.url}/v1/courses/${creds.course.id}/content?type=assessment_item&limit=50`,
              { headers: { authorization: `Bearer ${key}` } },
            )
          ).json()) as { items: { id: string }[] }
        ).items;
        const events = Array.from({ length: 3000 }, (_, i) => ({
          id: `load-${i}`,
          type: 'item_attempted',
          studentId: students[i % students.length],
          courseId: creds.course.id,
          timestamp: new Date(Date.UTC(2026, 10, 24, 8, 0, 0, i)).toISOString(),
          itemId: items[i % items.length]?.id,
          response: 'x',
          correct: i % 3 !== 0,
          durationMs: 5000,
          hintsUsed: 0,
          attempt: 1,
        }));
        const post = (url: string, e: unknown) =>
          fetch(`${url}/v1/events?recommendations=0`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify(e),
          });

        // Load with 16 concurrent posters; kill the server with SIGKILL after ~800 acknowledgements.
        const acknowledged = new Set<string>();
        let next = 0;
        let killed = false;
        const poster = async () => {
          while (next < events.length && !killed) {
            const e = events[next++] as { id: string };
            try {
              const res = await post(server.url, e);
              if (res.status === 200) {
                acknowledged.add(e.id);
                if (acknowledged.size >= 800 && !killed) {
                  killed = true;
                  server.child.kill('SIGKILL');
                }
              }
            } catch {
              // the connection died with the server: not acknowledged
            }
          }
        };
        await Promise.all(Array.from({ length: 16 }, poster));
        if (server.child.exitCode === null && server.child.signalCode === null) {
          await new Promise((r) => server.child.once('exit', r));
        }
        assert.ok(killed && acknowledged.size >= 800);

        await client.connect();
        const stored = async () =>
          new Map(
            (
              await client.query<{ id: string; n: number }>(
                'select client_event_id as id, count(*)::int as n from events group by 1',
              )
            ).rows.map((r) => [r.id, r.n]),
          );
        const afterKill = await stored();
        for (const id of acknowledged) {
          assert.equal(
            afterKill.get(id),
            1,
            `acknowledged ${id} stored ${afterKill.get(id) ?? 0} times`,
          );
        }

        // Restart and replay everything: acknowledged events are duplicates, the rest get stored.
        server = await startServer(env);
        try {
          let duplicates = 0;
          for (let i = 0; i < events.length; i += 500) {
            const res = await post(server.url, { events: events.slice(i, i + 500) });
            assert.equal(res.status, 200);
            duplicates += ((await res.json()) as { duplicates: number }).duplicates;
          }
          assert.ok(duplicates >= acknowledged.size);
          const final = await stored();
          for (const e of events) {
            assert.equal(final.get(e.id), 1, `${e.id} stored ${final.get(e.id) ?? 0} times`);
          }
          // Every stored answer reaches the aggregates once: the outbox drains and consumers dedupe.
          // One aggregate attempt per answered item, per objective the item assesses.
          const expected = Number(
            (
              await client.query<{ n: number }>(
                "select count(*)::int as n from events e join content_objectives co on co.content_id = (e.payload->>'itemId')::uuid where e.type = 'item_attempted'",
              )
            ).rows[0]?.n,
          );
          const deadline = Date.now() + 60_000;
          let aggregated = -1;
          while (Date.now() < deadline) {
            const [agg, outbox] = await Promise.all([
              client.query<{ n: number }>(
                'select coalesce(sum(attempts), 0)::int as n from class_aggregates',
              ),
              client.query<{ n: number }>('select count(*)::int as n from outbox'),
            ]);
            aggregated = Number(agg.rows[0]?.n);
            if (aggregated === expected && Number(outbox.rows[0]?.n) === 0) {
              break;
            }
            await new Promise((r) => setTimeout(r, 250));
          }
          assert.equal(
            aggregated,
            expected,
            'class aggregates count every stored answer exactly once',
          );
        } finally {
          await server.stop();
        }
      } finally {
        await client.end().catch(() => undefined);
        if (natsUrl) {
          await deleteStream(natsUrl, stream);
        }
        await fresh.drop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
