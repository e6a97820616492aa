import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../domain/errors.js';
import { isCiphertext, keyIdOf, open, seal } from './aes-gcm.js';
import { createLocalKeyProvider, masterKeyId } from './local-key-provider.js';

const key = new Uint8Array(32).fill(1);
const internal = (e: unknown) => e instanceof AppError && e.kind === 'Internal';
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('AES-256-GCM values', () => {
  test('round-trip, name their key, and differ each time (random IV)', () => {
    const a = seal(key, 'dk-1', Buffer.from('Zoë Ålander'), 't/users.email/1');
    const b = seal(key, 'dk-1', Buffer.from('Zoë Ålander'), 't/users.email/1');
    assert.notEqual(a, b);
    // The name appears neither as text nor in the encodings a ciphertext could
    // carry it in; a two-letter check could match random base64 by chance.
    const plain = Buffer.from('Zoë Ålander');
    assert.ok(isCiphertext(a));
    for (const shown of ['Zoë Ålander', plain.toString('base64'), plain.toString('base64url'), plain.toString('hex')]) {
      assert.ok(!a.includes(shown), shown);
    }
    assert.equal(keyIdOf(a), 'dk-1');
    assert.equal(text(open(key, a, 't/users.email/1')), 'Zoë Ålander');
  });

  test('an altered ciphertext, tag or IV is an Internal error, never garbage', () => {
    const v = seal(key, 'dk-1', Buffer.from('secret'), 'aad');
    const parts = v.split(':');
    for (const i of [2, 3, 4]) {
      const p = [...parts];
      const s = p[i] as string;
      p[i] = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      assert.throws(() => open(key, p.join(':'), 'aad'), internal);
    }
    assert.throws(() => open(key, 'pw1:dk-1:broken', 'aad'), internal);
  });

  test('a value moved to another row or opened with another key fails', () => {
    const v = seal(key, 'dk-1', Buffer.from('secret'), 't/users.email/1');
    assert.throws(() => open(key, v, 't/users.email/2'), internal);
    assert.throws(() => open(new Uint8Array(32).fill(2), v, 't/users.email/1'), internal);
  });
});

describe('local key provider', () => {
  const k0 = new Uint8Array(32).fill(3);
  const k1 = new Uint8Array(32).fill(4);

  test('wraps under the current master key and unwraps with any configured one', async () => {
    const old = createLocalKeyProvider([k0]);
    const dataKey = new Uint8Array(32).fill(5);
    const wrapped = await old.wrapKey(dataKey, 'ctx');
    assert.equal(wrapped.keyId, masterKeyId(k0));
    const rotating = createLocalKeyProvider([k1, k0]);
    assert.equal(rotating.currentKeyId(), masterKeyId(k1));
    assert.deepEqual(
      [...(await rotating.unwrapKey(wrapped.keyId, wrapped.wrapped, 'ctx'))],
      [...dataKey],
    );
    await assert.rejects(rotating.unwrapKey(wrapped.keyId, wrapped.wrapped, 'other'), internal);
    await assert.rejects(
      createLocalKeyProvider([k1]).unwrapKey(wrapped.keyId, wrapped.wrapped, 'ctx'),
      internal,
    );
  });

  test('derives distinct secrets per master key and purpose', async () => {
    const p = createLocalKeyProvider([k1, k0]);
    const a = await p.deriveSecret(masterKeyId(k1), 'blind index v1');
    const b = await p.deriveSecret(masterKeyId(k0), 'blind index v1');
    const c = await p.deriveSecret(masterKeyId(k1), 'other');
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  test('refuses master keys that are not 32 bytes', () => {
    assert.throws(() => createLocalKeyProvider([new Uint8Array(16)]));
    assert.throws(() => createLocalKeyProvider([]));
  });
});
