import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareVersions, nextVersion, parseVersion } from './semantic-version.js';

describe('model versions', () => {
  test('the first fit is 1.0.0', () => {
    assert.equal(nextVersion([], { dataHash: 'a', format: 1 }), '1.0.0');
  });

  test('same data is a patch, new data a minor, a new parameter format a major bump of the newest', () => {
    const previous = [
      { version: '1.2.0', dataHash: 'b', format: 1 },
      { version: '1.10.3', dataHash: 'a', format: 1 },
      { version: '1.9.0', dataHash: 'c', format: 1 },
    ];
    assert.equal(nextVersion(previous, { dataHash: 'a', format: 1 }), '1.10.4');
    assert.equal(nextVersion(previous, { dataHash: 'z', format: 1 }), '1.11.0');
    assert.equal(nextVersion(previous, { dataHash: 'a', format: 2 }), '2.0.0');
  });

  test('versions compare numerically and malformed ones do not parse', () => {
    assert.ok(compareVersions('1.10.0', '1.9.9') > 0);
    assert.equal(parseVersion('01.0.0'), null);
    assert.equal(parseVersion('1.0'), null);
    assert.deepEqual(parseVersion('3.2.1'), [3, 2, 1]);
  });
});
