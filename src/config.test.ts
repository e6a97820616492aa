import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

const key = Buffer.alloc(32, 1).toString('base64');
const old = Buffer.alloc(32, 2).toString('base64');

describe('master key configuration', () => {
  test('production without PATHWISE_MASTER_KEY fails with a clear message', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.some((p) => p.startsWith('PATHWISE_MASTER_KEY: required')),
    );
  });

  test('a key that is not base64 of 32 bytes is refused', () => {
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), `${key}!`]) {
      assert.throws(
        () => loadConfig({ PATHWISE_MASTER_KEY: bad }),
        (e: unknown) => e instanceof ConfigError && /PATHWISE_MASTER_KEY/.test(e.message),
      );
    }
  });

  test('the current key comes first, then the previous ones; none outside production is allowed', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      PATHWISE_MASTER_KEY: key,
      PATHWISE_MASTER_KEY_PREVIOUS: ` ${old} `,
    });
    assert.deepEqual(
      c.encryption.masterKeys.map((k) => Buffer.from(k).toString('base64')),
      [key, old],
    );
    assert.deepEqual(loadConfig({}).encryption.masterKeys, []);
  });
});

describe('media origins', () => {
  test('a comma-separated list of origins becomes the allowed media origins', () => {
    assert.deepEqual(loadConfig({}).http.mediaOrigins, []);
    assert.deepEqual(
      loadConfig({
        PATHWISE_MEDIA_ORIGINS: ' https://media.example.edu, http://cdn.example.org:8080 ',
      }).http.mediaOrigins,
      ['https://media.example.edu', 'http://cdn.example.org:8080'],
    );
  });

  test('anything but an http(s) origin is refused, naming the value', () => {
    for (const bad of [
      'media.example.edu',
      'https://media.example.edu/videos',
      'ftp://x.org',
      "'unsafe-inline'",
      'https://a.org/',
    ]) {
      assert.throws(
        () => loadConfig({ PATHWISE_MEDIA_ORIGINS: `https://ok.example.edu,${bad}` }),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.problems.some(
            (p) => p.startsWith('PATHWISE_MEDIA_ORIGINS') && p.includes(JSON.stringify(bad)),
          ),
        bad,
      );
    }
  });
});
