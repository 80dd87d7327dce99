/**
 * PostgreSQL gives SQLite's numbers after the same writes: the mini fixture imported, one activity saved
 * through the form's procedure, then an import of edits undone. SQLite keeps its roll-ups with row
 * triggers, PostgreSQL with statement triggers (db/postgres/triggers.ts); both must land on the same
 * metrics in every case of expected.json, and on those of a rebuild from the raw rows.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { importPath, undoImport } from '../../../server/import';
import { computeMetrics, toMetricsCase } from '../../../server/metrics/report';
import { rebuildRollups } from '../../../server/metrics/rollups';
import type { TMetricsCase } from '../../../shared/schemas/metrics';
import { callerFor } from '../../helpers/caller';
import { setUpTestPostgres } from '../../helpers/postgres';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';
import { editLine, MINI_DIR, miniCopy, setField } from '../import/import-helpers';
import { compareDeep } from './compare';

const REQUESTS = [
  { period: '2025', asOf: '2025-12-31' },
  { period: '2025', asOf: '2025-09-15' },
  { period: '2025-03-01..2025-08-31', asOf: '2025-12-31' },
  { period: '2025-Q2', asOf: '2025-12-31' },
];

async function metricsOf(db: Kysely<Database>): Promise<TMetricsCase[]> {
  const cases: TMetricsCase[] = [];
  for (const request of REQUESTS) {
    cases.push(toMetricsCase(await computeMetrics(db, { ...request, today: '2026-06-01' })));
  }
  return cases;
}

/** The same operations on each backend, in step. */
async function onBoth(step: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  await step(sqlite);
  await step(postgres);
}

/** PostgreSQL's metrics equal SQLite's (numbers within 1e-9: sums may add in another order). */
async function expectSameMetrics(): Promise<TMetricsCase[]> {
  const [expected, actual] = [await metricsOf(sqlite), await metricsOf(postgres)];
  expect(compareDeep(expected, actual)).toEqual([]);
  expect(actual.map((c) => Object.keys(c.branches).sort())).toEqual(
    expected.map((c) => Object.keys(c.branches).sort()),
  );
  return actual;
}

const pg = setUpTestPostgres();
let sqlite: Kysely<Database>;
let postgres: Kysely<Database>;

beforeAll(async () => {
  sqlite = await createTestDb();
  postgres = await pg.createDb();
  await onBoth(async (db) => {
    expect((await importPath(db, MINI_DIR)).ok).toBe(true);
  });
});

afterAll(async () => {
  await sqlite?.destroy();
});

describe('PostgreSQL and SQLite agree', { timeout: 120_000 }, () => {
  let afterImport: TMetricsCase[];
  let afterWrite: TMetricsCase[];

  it('after the import of the mini fixture', async () => {
    afterImport = await expectSameMetrics();
  });

  it('after one activity saved through the form', async () => {
    await onBoth(async (db) => {
      const { user } = await createTestUser(db, { username: 'writer', role: 'admin' });
      const branch = await db
        .selectFrom('units')
        .select('id')
        .where('code', '=', 'XZ01')
        .executeTakeFirstOrThrow();
      await callerFor(db, user).records.createActivity({
        branchId: branch.id,
        heldOn: '2025-05-20',
        type: 'party_lecture',
        title: '书记讲党课：跨库核对',
        formats: ['member_sharing'],
        modules: ['spirit'],
        expected: 16,
        attended: 9,
        isIntegratedWithWork: true,
        isOathRenewed: false,
        isDuesCollected: false,
        isBySecretary: true,
        sharers: ['M00005'],
        notes: null,
      });
    });
    afterWrite = await expectSameMetrics();
    // The write reached the numbers (else the agreement above proves nothing about the triggers).
    expect(afterWrite[0]!.branches.XZ01).not.toEqual(afterImport[0]!.branches.XZ01);
  });

  it('after an import of edits and its undo', async () => {
    const edited = miniCopy({
      // XZ01's first sessions: attendance and formats changed.
      '组织生活.csv': (t) =>
        editLine(
          editLine(t, 2, (l) => setField(l, 7, '13')),
          3,
          (l) => setField(l, 4, '走出去参观、研讨交流'),
        ),
    });
    const importIds: number[] = [];
    await onBoth(async (db) => {
      const report = await importPath(db, edited, { actor: { user: null, procedure: 'import' } });
      expect(report.counts.activities.updated).toBe(2);
      importIds.push(report.importId!);
    });
    const imported = await expectSameMetrics();
    expect(imported).not.toEqual(afterWrite);

    await onBoth(async (db) => {
      await undoImport(db, { importId: importIds.shift()!, actor: { user: null, procedure: 'test.undo' } });
    });
    expect(compareDeep(afterWrite, await expectSameMetrics())).toEqual([]);
  });

  it('and the roll-ups they were computed from are those a rebuild gives', async () => {
    const kept = await metricsOf(postgres);
    await rebuildRollups(postgres);
    expect(compareDeep(kept, await metricsOf(postgres))).toEqual([]);
  });
});
