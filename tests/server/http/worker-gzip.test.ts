/**
 * The API worker compresses what it answers (at its lowered priority), so the request thread only
 * sends bytes: a large answer arrives with its gzip made, which decodes to the body exactly; a small one
 * is sent as it is; and readyAnswer keeps the worker's compression instead of making its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../server/context';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { type ApiPool, createApiPool } from '../../../server/http/api-pool';
import { COMPRESS_MIN_BYTES, readyAnswer } from '../../../server/http/response-cache';
import { createTestUser, sessionTokenFor } from '../../helpers/users';
import { addActivity, addBranch, addMember } from '../metrics/seed';

const dir = mkdtempSync(join(tmpdir(), 'pbd-worker-gzip-'));
let db: Kysely<Database>;
let pool: ApiPool;
let cookie: string;

beforeAll(async () => {
  const databasePath = join(dir, 'app.db');
  db = await openDatabase({ url: databasePath });
  for (let i = 0; i < 30; i++) {
    const id = await addBranch(db, `B${String(i).padStart(2, '0')}`);
    await addMember(db, id, `B${i}-m1`);
    await addActivity(db, id, '2025-03-10', 'theme_day', { expected: 10, attended: 8 });
  }
  const { user } = await createTestUser(db, { username: 'gz-admin', role: 'admin' });
  cookie = `pbd_session=${await sessionTokenFor(db, user.id)}`;
  pool = createApiPool({ databasePath, settings: DEFAULT_SETTINGS, size: 1 });
  await pool.ready();
});

afterAll(async () => {
  await pool?.close();
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const call = (path: string, input: unknown) => ({
  method: 'GET',
  url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  headers: { cookie },
  body: null,
  address: '127.0.0.1',
  isSecure: false,
  lang: 'zh' as const,
});

describe('answers compressed by the API worker', () => {
  it('gzips a large answer there, exactly, and leaves a small one as it is', async () => {
    const large = await pool.run(call('metrics.branches', { period: '2025' }));
    expect(large.status).toBe(200);
    expect(large.body.length).toBeGreaterThan(COMPRESS_MIN_BYTES);
    expect(large.gzipped).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(gunzipSync(large.gzipped as Uint8Array)).equals(Buffer.from(large.body))).toBe(true);
    expect(JSON.parse(Buffer.from(large.body).toString('utf8')).result.data.rows).toHaveLength(30);

    const small = await pool.run(call('metrics.years', undefined));
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(small.gzipped).toBeNull();

    // The request thread keeps the worker's bytes (the same buffer, not a second compression).
    const ready = await readyAnswer(large);
    expect(ready.gzipped).toBe(large.gzipped);
  });
});
