/**
 * The route × role × target matrix, generated from the routes the app registers: every route
 * must have an expectation in test/http/access-cases.ts (a new route without one fails here),
 * and every route × role × target is sent through the real app and its decision compared with
 * the expectation written from the policy. Prints the number of cases; expects 0 wrong.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import {
  PUBLIC_ROUTES,
  ROLES,
  ROUTE_CASES,
  buildWorld,
  decide,
  keyOf,
  type Request,
  type World,
} from './access-cases.js';

describe('access matrix: every route × role × target', () => {
  let t: TestApp;
  let w: World;
  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    w = await buildWorld(t.container);
    await t.app.ready();
  });

  test('every registered route has an expectation', () => {
    const known = new Set([...Object.keys(ROUTE_CASES), ...Object.keys(PUBLIC_ROUTES)]);
    const routes = t.app.registeredRoutes();
    const missing = routes.filter((r) => !known.has(r));
    assert.deepEqual(
      missing,
      [],
      `add these routes to test/http/access-cases.ts: ${missing.join(', ')}`,
    );
    const stale = [...known].filter((r) => !routes.includes(r));
    assert.deepEqual(stale, [], `these expectations name no route: ${stale.join(', ')}`);
  });

  test('each decision matches the policy', async () => {
    const wrong: string[] = [];
    let cases = 0;
    for (const [route, rc] of Object.entries(ROUTE_CASES)) {
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
          const decision = decide(res.statusCode, res.body, req.visible);
          const expected = rc.allowed(role, target) ? 'allowed' : 'denied';
          cases += 1;
          if (decision !== expected) {
            wrong.push(
              `${route} as ${role} on ${target}: expected ${expected}, got ${decision} (${res.statusCode} ${res.body.slice(0, 160)})`,
            );
          }
        }
      }
    }
    for (const [route, { request, statuses }] of Object.entries(PUBLIC_ROUTES)) {
      const res = await t.app.inject({
        method: request.method,
        url: request.url,
        ...(request.body === undefined ? {} : { payload: request.body as object }),
      });
      cases += 1;
      if (!statuses.includes(res.statusCode)) {
        wrong.push(`${route} anonymous: expected ${statuses.join('/')}, got ${res.statusCode}`);
      }
    }
    process.stdout.write(`access matrix: ${cases} cases, ${wrong.length} wrong decisions\n`);
    assert.ok(cases > 400, `only ${cases} cases`);
    assert.deepEqual(wrong, []);
  });
});
