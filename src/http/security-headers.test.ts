import assert from 'node:assert/strict';
import { test } from 'node:test';
import { securityHeaders } from './security-headers.js';

test('the security headers are computed once from the options, as helmet sets them', () => {
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], mediaSrc: ["'self'", 'https://media.example.edu'] },
    },
  });
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.match(headers['strict-transport-security'] ?? '', /^max-age=\d+/);
  assert.equal(headers['x-frame-options'], 'SAMEORIGIN');
  const csp = headers['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /media-src 'self' https:\/\/media\.example\.edu(;|$)/);
  // Every key is lower case (Fastify's reply.headers keeps what it is given).
  assert.ok(Object.keys(headers).every((k) => k === k.toLowerCase()));
  assert.ok(Object.isFrozen(headers));
});

test('bad options stop the start-up', () => {
  assert.throws(() =>
    securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ['self'] } } }),
  );
});
