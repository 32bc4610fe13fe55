import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, safeEqual, verifyPassword } from './password-hash.js';

describe('admin password hash', () => {
  const hash = hashPassword('correct horse battery staple');

  it('accepts the password and nothing else', () => {
    expect(verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(verifyPassword('correct horse battery stapl', hash)).toBe(false);
    expect(verifyPassword('', hash)).toBe(false);
  });

  it('keeps no plain text: the key differs from the password and salts differ per hash', () => {
    expect(hash.key.toString('utf8')).not.toContain('correct horse');
    expect(hashPassword('correct horse battery staple').salt.equals(hash.salt)).toBe(false);
  });

  it('generates long, distinct passwords', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(a);
  });

  it('compares strings of any length', () => {
    expect(safeEqual('admin', 'admin')).toBe(true);
    expect(safeEqual('admin', 'admin2')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});
