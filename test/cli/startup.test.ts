/**
 * `pathwise serve` on a fresh data directory: it answers /health, /ready, /openapi.json and /,
 * seeds the demo once, writes demo-credentials.json, and the demo keys work. Runs on embedded
 * PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createServerDatabase, databaseUrl } from '../support/databases.js';
import { startServer } from '../support/processes.js';

interface Credentials {
  tenant: { id: string; slug: string };
  course: { id: string };
  password: string;
  accounts: { role: string; email: string; userId: string }[];
  apiKeys: { role: string; key: string; userId: string | null; tenantId: string | null }[];
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(
    `first start on ${kind}`,
    {
      skip:
        kind === 'postgres' && !databaseUrl
          ? 'skipped: no PostgreSQL server (set DATABASE_URL)'
          : undefined,
    },
    () => {
      test('serves the app, the API and the demo, and seeds only once', async (t) => {
        const dir = await mkdtemp(join(tmpdir(), 'pathwise-start-'));
        const server =
          kind === 'postgres' ? await createServerDatabase(databaseUrl as string) : null;
        const env = { PATHWISE_DATA_DIR: dir, ...(server ? { DATABASE_URL: server.url } : {}) };
        try {
          const first = await startServer(env);
          let creds: Credentials;
          try {
            assert.ok(first.readyAfterMs < 90_000);
            t.diagnostic(`ready after ${first.readyAfterMs} ms on ${kind}`);
            assert.match(first.output(), /Pathwise is running at http:\/\/localhost:\d+\//);
            assert.match(
              first.output(),
              /Demo sign-in \(instructor\): instructor@riverside\.example \/ \S+/,
            );
            assert.equal((await fetch(`${first.url}/health`)).status, 200);
            const doc = (await (await fetch(`${first.url}/openapi.json`)).json()) as {
              paths: Record<string, unknown>;
            };
            assert.ok(Object.keys(doc.paths).length >= 15);
            const home = await fetch(`${first.url}/`);
            assert.equal(home.status, 200);
            assert.match(home.headers.get('content-type') ?? '', /text\/html/);

            creds = JSON.parse(
              await readFile(join(dir, 'demo-credentials.json'), 'utf8'),
            ) as Credentials;
            assert.deepEqual(creds.apiKeys.map((k) => k.role).sort(), [
              'admin',
              'instructor',
              'operator',
              'student',
            ]);
            assert.ok(creds.accounts.filter((a) => a.role === 'student').length >= 30);
            const key = (role: string) => ({
              authorization: `Bearer ${creds.apiKeys.find((k) => k.role === role)?.key}`,
            });
            const objectives = (await (
              await fetch(`${first.url}/v1/courses/${creds.course.id}/objectives?limit=1000`, {
                headers: key('instructor'),
              })
            ).json()) as { items: unknown[] };
            assert.ok(objectives.items.length >= 25);
            const items = (await (
              await fetch(
                `${first.url}/v1/courses/${creds.course.id}/content?type=assessment_item&limit=1000`,
                { headers: key('student') },
              )
            ).json()) as { items: { item: Record<string, unknown> }[] };
            assert.ok(items.items.length >= 200);
            assert.ok(items.items.every((i) => !('answer' in i.item)));
            const tenants = await fetch(`${first.url}/v1/tenants`, { headers: key('operator') });
            assert.equal(tenants.status, 200);
            const login = await fetch(`${first.url}/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                email: 'instructor@riverside.example',
                password: creds.password,
              }),
            });
            assert.equal(login.status, 200);
          } finally {
            await first.stop();
          }
          const second = await startServer(env);
          try {
            const again = JSON.parse(
              await readFile(join(dir, 'demo-credentials.json'), 'utf8'),
            ) as Credentials;
            assert.equal(again.tenant.id, creds.tenant.id);
            const tenants = (await (
              await fetch(`${second.url}/v1/tenants`, {
                headers: {
                  authorization: `Bearer ${creds.apiKeys.find((k) => k.role === 'operator')?.key}`,
                },
              })
            ).json()) as { items: unknown[] };
            assert.equal(tenants.items.length, 1);
          } finally {
            await second.stop();
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
          await server?.drop();
        }
      });
    },
  );
}
