import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHmacTokenSigner } from './hmac-token-signer.js';

const secret = new Uint8Array(32).fill(7);

test('a signed payload verifies and comes back unchanged', () => {
  const signer = createHmacTokenSigner(secret);
  const payload = JSON.stringify({ n: 'abc', seed: 1, note: 'ünïcode' });
  assert.equal(signer.verify(signer.sign(payload)), payload);
});

test('a changed payload, a changed MAC or another key does not verify', () => {
  const signer = createHmacTokenSigner(secret);
  const token = signer.sign('{"seed":1}');
  const [body, mac] = token.split('.') as [string, string];
  const forged = `${Buffer.from('{"seed":2}').toString('base64url')}.${mac}`;
  assert.equal(signer.verify(forged), null);
  assert.equal(signer.verify(`${body}.${mac.slice(1)}`), null);
  assert.equal(signer.verify(`${body}.${mac}.x`), null);
  assert.equal(signer.verify(''), null);
  assert.equal(createHmacTokenSigner(new Uint8Array(32).fill(8)).verify(token), null);
});

test('refuses a secret shorter than 32 bytes', () => {
  assert.throws(() => createHmacTokenSigner(new Uint8Array(16)));
});
