/**
 * Every field of every branch and of `total` in all four cases of the mini fixture's expected.json,
 * loaded through the import path, on SQLite and on PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { importPath } from '../../../server/import';
import { computeMetrics, toMetricsCase } from '../../../server/metrics/report';
import { describeOnBothBackends } from '../../helpers/test-db';
import { compareDeep } from './compare';

const dir = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
  requests: { period: string; asOf: string }[];
  cases: Record<string, unknown>[];
};

describeOnBothBackends('mini fixture, every case of expected.json', (createDb) => {
  let db: Kysely<Database>;
  beforeAll(async () => {
    db = await createDb();
    const report = await importPath(db, dir);
    expect(report.ok).toBe(true);
  });

  expected.requests.forEach((request, i) => {
    it(`${request.period} asOf ${request.asOf}`, async () => {
      const actual = toMetricsCase(await computeMetrics(db, { ...request, today: '2026-06-01' }));
      const mismatches = compareDeep(expected.cases[i], actual);
      expect(mismatches).toEqual([]);
      expect(Object.keys(actual.branches).sort()).toEqual(
        Object.keys(expected.cases[i]!.branches as object).sort(),
      );
    });
  });
});
