/**
 * Start-up warming (server/index.ts, WARM_BEFORE_LISTEN_SECONDS): the pool's warm() settles once every
 * worker has computed its default periods, so the server can wait for it before it listens; a newer key
 * settles the older one's waiters; the setting is bounded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../server/context';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { readEnv } from '../../../server/env';
import { type ApiPool, createApiPool, warmQueues } from '../../../server/http/api-pool';
import { warmDefaultPeriods } from '../../../server/http/api-route';
import { importPath } from '../../../server/import';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pbd-warm-start-'));
let db: Kysely<Database>;
let pool: ApiPool;

beforeAll(async () => {
  const databasePath = join(dir, 'app.db');
  db = await openDatabase({ url: databasePath });
  expect((await importPath(db, fixture)).ok).toBe(true);
  pool = createApiPool({ databasePath, settings: DEFAULT_SETTINGS, size: 2 });
  await pool.ready();
});

afterAll(async () => {
  await pool?.close();
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('warming before the server listens', () => {
  it('settles once the workers have warmed the default periods, and at once for a key already warmed', async () => {
    let settled = false;
    const warming = warmDefaultPeriods(pool, db).then(() => {
      settled = true;
    });
    await warming;
    expect(settled).toBe(true);
    // The same data version and day: nothing queued again, settled at once.
    await expect(warmDefaultPeriods(pool, db)).resolves.toBeUndefined();
  });

  it('settles the waiters of a key that a newer key replaces', async () => {
    const older = pool.warm('v-old', ['2025', '2024', '2025-Q1', '2025-Q2', '2025-03']);
    const newer = pool.warm('v-new', ['2025']);
    await expect(Promise.all([older, newer])).resolves.toEqual([undefined, undefined]);
  });

  it('queues the default periods on every worker and the others on their preferred worker only', () => {
    const periods = ['2026', '2025', '2026-Q4', '2026-12', '2026-Q3', '2026-11'];
    const queues = warmQueues(periods, 4, 2);
    for (const queue of queues) expect(queue.slice(0, 2)).toEqual(['2026', '2025']);
    // Every other period exactly once, on the worker its calls prefer.
    expect(queues.flatMap((q) => q.slice(2)).sort()).toEqual(periods.slice(2).sort());
    expect(warmQueues(periods, 4, 0).flat().sort()).toEqual([...periods].sort());
  });

  it('starts at least 4 API workers by default (more than a small machine has cores), API_WORKERS overriding', () => {
    expect(readEnv({}).apiWorkers).toBeGreaterThanOrEqual(4);
    expect(readEnv({}).apiWorkers).toBeLessThanOrEqual(8);
    expect(readEnv({ API_WORKERS: '2' }).apiWorkers).toBe(2);
    expect(() => readEnv({ API_WORKERS: '-1' })).toThrow(/API_WORKERS/);
  });

  it('takes WARM_BEFORE_LISTEN_SECONDS from 0 to 3600 and refuses anything else', () => {
    expect(readEnv({}).warmBeforeListenMs).toBe(60_000);
    expect(readEnv({ WARM_BEFORE_LISTEN_SECONDS: '0' }).warmBeforeListenMs).toBe(0);
    expect(readEnv({ WARM_BEFORE_LISTEN_SECONDS: '2.5' }).warmBeforeListenMs).toBe(2500);
    for (const bad of ['-1', 'soon', '3601'])
      expect(() => readEnv({ WARM_BEFORE_LISTEN_SECONDS: bad })).toThrow(/WARM_BEFORE_LISTEN_SECONDS/);
  });
});
