/**
 * The guardrail denies when the policy cannot be evaluated: with an Authorizer that throws, and
 * with a casbin policy whose matcher cannot be evaluated, every route × role × target of the
 * access matrix is refused and no student's name or email appears in any reply.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createCasbinAuthorizer } from '../../src/adapters/casbin/casbin-authorizer.js';
import type { Authorizer } from '../../src/services/access.js';
import { silentLogger } from '../support/databases.js';
import { bearer, startTestApp } from '../support/test-app.js';
import { ROLES, ROUTE_CASES, buildWorld, decide, keyOf, type Request } from './access-cases.js';

/** Routes that never consult the policy: the caller's own session, and a public schema. */
const UNGUARDED = new Set(['GET /auth/session', 'GET /v1/schemas/course-package.json']);

async function expectEverythingDenied(authz: Authorizer): Promise<number> {
  const t = await startTestApp(undefined, {}, { authz });
  try {
    const w = await buildWorld(t.container);
    const pii = ['Sam Student', 'Olga Student', 'sam.student@', 'olga.student@'];
    const wrong: string[] = [];
    let cases = 0;
    for (const [route, rc] of Object.entries(ROUTE_CASES)) {
      if (UNGUARDED.has(route)) {
        continue;
      }
      const method = route.split(' ')[0] as Request['method'];
      for (const role of ROLES) {
        for (const target of rc.targets) {
          const req = await rc.request(w, target, role);
          const res = await t.app.inject({
            method,
            url: req.url,
            headers: bearer(keyOf(w, role)),
            ...(req.body === undefined ? {} : { payload: req.body as object }),
          });
          cases += 1;
          const decision = decide(res.statusCode, res.body, req.visible);
          if (decision !== 'denied' || res.statusCode < 400) {
            wrong.push(`${route} as ${role} on ${target}: ${res.statusCode}`);
          }
          if (pii.some((p) => res.body.includes(p))) {
            wrong.push(`${route} as ${role} on ${target} leaked student PII`);
          }
        }
      }
    }
    assert.deepEqual(wrong, []);
    return cases;
  } finally {
    await t.close();
  }
}

describe('fail closed', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) {
      await rm(d, { recursive: true, force: true });
    }
  });

  test('an Authorizer that throws: every guarded route refuses every role', async () => {
    const throwing: Authorizer = {
      allows() {
        throw new Error('policy store unreachable');
      },
    };
    const cases = await expectEverythingDenied(throwing);
    assert.ok(cases > 300);
  });

  test('a casbin policy that cannot be evaluated: every guarded route refuses every role', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pathwise-policy-'));
    dirs.push(dir);
    const model = join(dir, 'model.conf');
    const policy = join(dir, 'policy.csv');
    await writeFile(
      model,
      [
        '[request_definition]',
        'r = sub, obj, act',
        '[policy_definition]',
        'p = sub, obj, act',
        '[role_definition]',
        'g = _, _',
        '[policy_effect]',
        'e = some(where (p.eft == allow))',
        '[matchers]',
        'm = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act && noSuchFunction(r.obj)',
      ].join('\n'),
    );
    await writeFile(policy, 'p, admin, users, read\np, student, learner_records, read\n');
    const broken = await createCasbinAuthorizer(silentLogger, { model, policy });
    assert.equal(broken.allows('admin', 'users', 'read'), false);
    const cases = await expectEverythingDenied(broken);
    assert.ok(cases > 300);
  });
});
