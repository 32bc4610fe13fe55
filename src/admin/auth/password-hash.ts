import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * The admin password is kept in memory only as a scrypt hash (N=2^14, r=8,
 * p=1, 16-byte salt, 32-byte key); the plain text is dropped once hashed.
 */
export interface PasswordHash {
  readonly salt: Buffer;
  readonly key: Buffer;
}

const KEY_LENGTH = 32;
const SCRYPT_OPTIONS = { N: 16_384, r: 8, p: 1 } as const;

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): PasswordHash {
  return { salt, key: scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT_OPTIONS) };
}

/** Constant-time comparison of a candidate against the stored hash. */
export function verifyPassword(candidate: string, hash: PasswordHash): boolean {
  const key = scryptSync(candidate.normalize('NFKC'), hash.salt, KEY_LENGTH, SCRYPT_OPTIONS);
  return timingSafeEqual(key, hash.key);
}

/** A password for a start without ADMIN_PASSWORD: 24 characters of base64url (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Constant-time string equality (user names, CSRF tokens) that does not leak the length through early exit. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
