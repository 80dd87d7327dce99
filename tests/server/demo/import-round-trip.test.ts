import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { type DemoOptions, loadDemo, writeDemoCsv } from '../../../server/demo';
import { importPath } from '../../../server/import';
import { createTestDb } from '../../helpers/test-db';

const OPTIONS: DemoOptions = { branches: 12, years: 2, today: '2025-11-26', seed: 99 };
const TABLES = [
  'units',
  'members',
  'activities',
  'activity_formats',
  'activity_modules',
  'activity_sharers',
  'achievements',
  'goals',
] as const;

async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    out[table] = Number(rows[0]?.n);
  }
  return out;
}

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup) await fn();
});

describe('demo CSV output imports cleanly', () => {
  it('imports with zero errors and gives the same rows as loadDemo', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-import-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const written = await writeDemoCsv(dir, OPTIONS);

    const imported = await createTestDb();
    const loaded = await createTestDb();
    cleanup.push(
      () => imported.destroy(),
      () => loaded.destroy(),
    );
    const report = await importPath(imported, dir);
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts.activities.inserted).toBe(written.counts.activities);

    const summary = await loadDemo(loaded, OPTIONS);
    const fromImport = await tableCounts(imported);
    expect(fromImport).toEqual(await tableCounts(loaded));
    expect(fromImport).toEqual({ ...summary.counts });

    // Same content, not only the same number of rows.
    const digest = (db: Kysely<Database>) =>
      sql<{ d: string }>`select group_concat(x, '|') as d from (
        select u.code || a.held_on || a.type || a.title || coalesce(a.attended, '-') || a.oath_renewed || a.by_secretary as x
        from activities a join units u on u.id = a.branch_id order by x)`.execute(db);
    expect((await digest(imported)).rows[0]?.d).toBe((await digest(loaded)).rows[0]?.d);
  });
});
