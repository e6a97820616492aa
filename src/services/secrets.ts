/** Password hashing (scrypt), API key generation and hashing. */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>;

/** Returns `scrypt$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** A new API key: `pw_` + 32 random bytes; shown once, stored only as its SHA-256. */
export function newApiKey(): string {
  return `pw_${randomBytes(32).toString('base64url')}`;
}

/** A new random token for a web session cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Keys and session tokens are high-entropy, so a plain SHA-256 is the right hash. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A readable random password for demo accounts. */
export function newPassword(): string {
  return randomBytes(12).toString('base64url');
}
