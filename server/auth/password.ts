/**
 * Password hashing with scrypt (memory-hard, in node:crypto) and a per-user random salt.
 * Encoded as `scrypt$N$r$p$salt$hash` (salt and hash base64url) so parameters can be raised
 * later without invalidating stored hashes: verify reads them from the string.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { scryptOffThread } from './password-pool';

export interface TScryptParams {
  /** CPU/memory cost, a power of two. Memory ≈ 128 · N · r bytes. */
  N: number;
  r: number;
  p: number;
}

/** OWASP's N=2^16, r=8, p=2 equivalent: 64 MiB, about 0.25 s on this machine. */
export const DEFAULT_SCRYPT_PARAMS: TScryptParams = { N: 2 ** 16, r: 8, p: 2 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** A stored hash must not make verify allocate arbitrary memory (tampered or foreign hashes). */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function derive(password: string, salt: Buffer, params: TScryptParams): Promise<Buffer> {
  // On a password worker at a low priority, not libuv's pool (password-pool.ts says why).
  return scryptOffThread(password.normalize('NFC'), salt, KEY_BYTES, params);
}

export async function hashPassword(
  password: string,
  params: TScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

function parseHash(encoded: string): { params: TScryptParams; salt: Buffer; key: Buffer } | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const isPowerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (
    !isPowerOfTwo ||
    N > MAX_N ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > MAX_R ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > MAX_P
  ) {
    return undefined;
  }
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length === 0 || key.length !== KEY_BYTES) return undefined;
  return { params: { N, r, p }, salt, key };
}

/** True when `password` matches; false for a wrong password or a malformed hash (never throws for those). */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash uses weaker parameters than today's defaults (rehash after a successful login). */
export function needsRehash(encoded: string, params: TScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseHash(encoded);
  if (!parsed) return true;
  return parsed.params.N * parsed.params.r * parsed.params.p < params.N * params.r * params.p;
}

/** A random password for `user add` / `reset-password` without --password: 16 characters, 96 bits. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * A hash that never matches (its key is random): verifying against it when the username is unknown
 * makes a failed login take as long as a wrong password, so timing does not reveal which usernames exist.
 */
export const UNMATCHABLE_HASH = [
  'scrypt',
  DEFAULT_SCRYPT_PARAMS.N,
  DEFAULT_SCRYPT_PARAMS.r,
  DEFAULT_SCRYPT_PARAMS.p,
  randomBytes(SALT_BYTES).toString('base64url'),
  randomBytes(KEY_BYTES).toString('base64url'),
].join('$');
