import { scrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  generatePassword,
  hashPassword,
  needsRehash,
  UNMATCHABLE_HASH,
  verifyPassword,
} from '../../../server/auth/password';

describe('password hashing', () => {
  it('encodes scrypt$N$r$p$salt$hash and verifies the right password only', async () => {
    const hash = await hashPassword('correct horse');
    const parts = hash.split('$');
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual([
      'scrypt',
      String(DEFAULT_SCRYPT_PARAMS.N),
      String(DEFAULT_SCRYPT_PARAMS.r),
      String(DEFAULT_SCRYPT_PARAMS.p),
    ]);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse ', hash)).toBe(false);
    expect(await verifyPassword('Correct horse', hash)).toBe(false);
  });

  it('salts per hash: the same password hashes differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('verifies with the parameters stored in the hash, and flags weaker ones for rehash', async () => {
    const weak = await hashPassword('old-password', { N: 2 ** 10, r: 8, p: 1 });
    expect(weak.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('old-password', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('x'.repeat(8)))).toBe(false);
  });

  it('refuses malformed or hostile hashes without throwing', async () => {
    const good = await hashPassword('password1', { N: 2 ** 10, r: 8, p: 1 });
    const [, , r, p, salt, key] = good.split('$');
    for (const bad of [
      '',
      'plain',
      `bcrypt$1024$${r}$${p}$${salt}$${key}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`,
      `scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`,
      `scrypt$1024$${r}$${p}$${salt}$abc`,
    ]) {
      expect(await verifyPassword('password1', bad)).toBe(false);
    }
    expect(await verifyPassword('', UNMATCHABLE_HASH)).toBe(false);
  });

  it("checks passwords off libuv's thread pool: a check is answered while that pool is full", async () => {
    // The check's own worker is started (and its hash made) first; then libuv's four threads are each
    // given a scrypt of 128 MiB. A check in that pool (node's own scrypt) would finish after all four.
    const cheap = { N: 2 ** 10, r: 8, p: 1 };
    const hash = await hashPassword('password1', cheap);
    const finished: string[] = [];
    const poolWork = Array.from(
      { length: 4 },
      (_, i) =>
        new Promise<void>((resolve, reject) =>
          scrypt('busy', `salt${i}`, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 2 ** 29 }, (error) => {
            finished.push(`pool ${i}`);
            if (error) reject(error);
            else resolve();
          }),
        ),
    );
    const check = verifyPassword('password1', hash).then((ok) => {
      finished.push('check');
      return ok;
    });
    expect(await check).toBe(true);
    await Promise.all(poolWork);
    expect(finished[0]).toBe('check');
  });

  it('generates distinct 16-character passwords', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
