/**
 * Index weights belong to a goal year (metrics.md "Composite index and rank"): changing one year's
 * weights never changes another year's index or rank, a year without its own uses the latest earlier
 * year's (else the defaults), the year-earlier side of delta uses its own year's weights; a year's goals
 * and weights copy into another; a preview shows how a set of weights would re-order the ranking; last
 * year's actuals sit beside this year's goals.
 */
import { fileURLToPath } from 'node:url';
import { type Kysely, Migrator, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { migrations } from '../../../server/db/migrations';
import { weightsOfYear } from '../../../server/db/queries/goals';
import { importPath } from '../../../server/import';
import { DEFAULT_WEIGHTS } from '../../../shared/metric-keys';
import { callerFor } from '../../helpers/caller';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const TODAY_PERIODS = { today: '2026-03-01' } as const;

let db: Kysely<Database>;
let admin: ReturnType<typeof callerFor>;

/** Each branch's index and rank for a year. */
async function ranking(year: number) {
  const report = await admin.metrics.branches({ period: String(year), ...TODAY_PERIODS });
  return Object.fromEntries(
    report.rows.map((r) => [
      r.branch.code,
      { index: r.metrics.index, rank: r.metrics.rank, delta: r.metrics.delta?.index ?? null },
    ]),
  );
}

beforeAll(async () => {
  db = await createTestDb();
  expect((await importPath(db, fixture)).ok).toBe(true);
  const { user } = await createTestUser(db, { username: 'admin', role: 'admin' });
  admin = callerFor(db, user);
  // 2024 is 2025 one year earlier, with other attendance (so its indexes differ), and 2025's goals.
  await sql`insert into activities (branch_id, held_on, type, title, expected, attended, integrated_with_work,
      oath_renewed, dues_collected, by_secretary, notes)
    select branch_id, '2024' || substr(held_on, 5), type, title, expected,
      case when attended is null then null else attended / 2 end, 1 - integrated_with_work,
      oath_renewed, dues_collected, by_secretary, notes
    from activities where held_on like '2025-%' and held_on <> '2025-02-29'`.execute(db);
  expect(await admin.goals.copyYear({ from: 2025, to: 2024 })).toMatchObject({
    goalsCopied: 14,
    goalsKept: 0,
  });
});

describe('index weights per goal year', () => {
  it('says where a year’s weights come from', async () => {
    // The copy gave 2024 the weights 2025 used (the defaults: a new database stores none).
    expect((await admin.goals.weights({ year: 2024 })).source).toEqual({ type: 'own' });
    const later = await admin.goals.weights({ year: 2030 });
    expect(later.source.type).toBe('inherited');
    const first = await admin.goals.weights({ year: 1990 });
    expect(Object.fromEntries(first.weights.map((w) => [w.metric, w.weight]))).toEqual(DEFAULT_WEIGHTS);
  });

  it('changes the index of its own year only; the year-earlier side of delta keeps its own weights', async () => {
    const before2024 = await ranking(2024);
    const before2025 = await ranking(2025);
    await admin.goals.setWeights({ year: 2025, weights: { complianceRate: 0, attendanceRate: 40 } });
    expect((await admin.goals.weights({ year: 2025 })).source).toEqual({ type: 'own' });
    expect(await ranking(2024)).toEqual(before2024);
    const after2025 = await ranking(2025);
    const changed = Object.keys(after2025).filter(
      (code) => after2025[code]?.index !== before2025[code]?.index,
    );
    expect(changed.length).toBeGreaterThan(0);
    for (const [code, row] of Object.entries(after2025)) {
      const earlier = before2024[code]?.index;
      if (row.index === null || earlier === null || earlier === undefined) continue;
      expect(row.delta).toBeCloseTo(row.index - earlier, 9);
    }
    // A later year without weights of its own follows 2025's.
    const inherited = await admin.goals.weights({ year: 2026 });
    expect(inherited.source).toEqual({ type: 'inherited', fromYear: 2025 });
    expect(inherited.weights.find((w) => w.metric === 'attendanceRate')?.weight).toBe(40);
  });

  it('takes a year’s whole set before changing one weight of a year that had none of its own', async () => {
    await admin.goals.setWeights({ year: 2027, weights: { awards: 3 } });
    const own = await admin.goals.weights({ year: 2027 });
    expect(own.source).toEqual({ type: 'own' });
    const weights = Object.fromEntries(own.weights.map((w) => [w.metric, w.weight]));
    expect(weights).toMatchObject({ awards: 3, attendanceRate: 40, complianceRate: 0 });
  });

  it('refuses weights of zero everywhere for a year, leaving that year as it was', async () => {
    const before = await admin.goals.weights({ year: 2025 });
    const zeros = Object.fromEntries(before.weights.map((w) => [w.metric, 0]));
    await expect(admin.goals.setWeights({ year: 2025, weights: zeros })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await admin.goals.weights({ year: 2025 })).toEqual(before);
  });

  it('previews how a set of weights re-orders the ranking, and the saved ranking is the preview', async () => {
    const current = await admin.goals.weights({ year: 2025 });
    const same = Object.fromEntries(current.weights.map((w) => [w.metric, w.weight]));
    const unchanged = await admin.goals.previewWeights({ year: 2025, weights: same });
    expect(unchanged.moved).toBe(0);
    const candidate = { ...same, complianceRate: 0, attendanceRate: 0, ritualRate: 50 };
    const preview = await admin.goals.previewWeights({ year: 2025, weights: candidate });
    expect(preview.ranked).toBeGreaterThan(0);
    await admin.goals.setWeights({ year: 2025, weights: candidate });
    const saved = await ranking(2025);
    for (const move of preview.moves) {
      expect(saved[move.code]?.rank).toBe(move.newRank);
      expect(saved[move.code]?.index).toBe(move.newIndex);
    }
  });

  it('copies goals and weights into a new year once, keeping what the year already has', async () => {
    const first = await admin.goals.copyYear({ from: 2025, to: 2028 });
    expect(first).toEqual({ goalsCopied: 14, goalsKept: 0, weightsCopied: true });
    expect((await admin.goals.list({ year: 2028 })).goals).toHaveLength(14);
    const again = await admin.goals.copyYear({ from: 2025, to: 2028 });
    expect(again).toEqual({ goalsCopied: 0, goalsKept: 14, weightsCopied: false });
    await expect(admin.goals.copyYear({ from: 2025, to: 2025 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('shows last year’s actual values beside a year’s goals', async () => {
    const actuals = await admin.goals.actuals({ year: 2026, branchCodes: ['XZ01'] });
    expect(actuals.year).toBe(2025);
    const year = await admin.metrics.branches({ period: '2025', ...TODAY_PERIODS });
    // A rate is the college's; a branch total is per branch (a 全部 goal of sessions is each branch's).
    expect(actuals.all.complianceRate).toBe(year.total?.complianceRate);
    expect(actuals.all.sessions).toBe((year.total?.sessions ?? 0) / year.rows.length);
    const xz01 = year.rows.find((r) => r.branch.code === 'XZ01')?.metrics;
    expect(actuals.byBranch.XZ01?.attendanceRate).toBe(xz01?.attendanceRate);
    expect(actuals.byBranch.XZ01?.sessions).toBe(xz01?.sessions);
    const admins = year.rows.filter((r) => r.branch.category === 'admin');
    expect(actuals.byCategory.admin?.sessions).toBe(
      admins.reduce((sum, r) => sum + r.metrics.sessions, 0) / admins.length,
    );
  });
});

describe('the migration to weights per year', () => {
  it('gives the weights stored so far to the first goal year, so every period keeps its index', async () => {
    const old = await openDatabase({ url: ':memory:', migrate: false });
    const before = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => name < '20261209T0200-weights-per-year'),
    );
    const migrateTo = (set: typeof migrations) =>
      new Migrator({ db: old, provider: { getMigrations: async () => set } }).migrateToLatest();
    expect((await migrateTo(before)).error).toBeUndefined();
    await sql`insert into goals (year, scope_type, scope_ref, metric, target) values (2023, 'all', '', 'sessions', 20)`.execute(
      old,
    );
    await sql`update metric_weights set weight = 42 where metric = 'complianceRate'`.execute(old);
    expect((await migrateTo(migrations)).error).toBeUndefined();
    const rows = await old.selectFrom('metric_weights').select(['year']).distinct().execute();
    expect(rows).toEqual([{ year: 2023 }]);
    const later = await weightsOfYear(old, 2026);
    expect(later.source).toEqual({ type: 'inherited', fromYear: 2023 });
    expect(later.weights.complianceRate).toBe(42);
    expect((await weightsOfYear(old, 2022)).source).toEqual({ type: 'default' });
    // A database that only ever had the first migration's defaults keeps none: every year says so.
    expect((await weightsOfYear(db, 1995)).source).toEqual({ type: 'default' });
    // Writes still bump the data version (the memo of metrics must see a weight change).
    const version = async () =>
      Number((await sql<{ n: number }>`select n from data_version`.execute(old)).rows[0]?.n);
    const v0 = await version();
    await sql`update metric_weights set weight = 41 where metric = 'complianceRate'`.execute(old);
    expect(await version()).toBeGreaterThan(v0);
    await old.destroy();
  });
});
