/**
 * The TokenSigner port with HMAC-SHA-256: a token is `base64url(payload).base64url(mac)`. The
 * secret is derived from the master key (`KeyProvider.deriveSecret`) in `src/main.ts`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenSigner } from '../../ports.js';

export function createHmacTokenSigner(secret: Uint8Array): TokenSigner {
  if (secret.length < 32) {
    throw new Error('the token secret must be at least 32 bytes');
  }
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest();
  return {
    sign(payload) {
      const body = Buffer.from(payload, 'utf8').toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token) {
      const dot = token.indexOf('.');
      if (dot <= 0 || dot !== token.lastIndexOf('.')) {
        return null;
      }
      const body = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const want = mac(body);
      if (given.length !== want.length || !timingSafeEqual(given, want)) {
        return null;
      }
      return Buffer.from(body, 'base64url').toString('utf8');
    },
  };
}
