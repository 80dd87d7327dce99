import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { type DemoSummary, DemoTargetNotEmptyError, loadDemo } from '../../../server/demo';
import { createTestDb } from '../../helpers/test-db';

const TODAY = '2025-11-26';
const FROM = '2023-01-01';
let db: Kysely<Database>;
let summary: DemoSummary;

async function count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  db = await createTestDb();
  summary = await loadDemo(db, { today: TODAY });
});
afterAll(async () => {
  await db.destroy();
});

describe('loadDemo (40 branches × 3 years)', () => {
  it('reports the row counts that are in the database', async () => {
    expect(summary.options).toMatchObject({ branches: 40, years: 3, seed: 20251, today: TODAY, from: FROM });
    for (const [table, n] of Object.entries(summary.counts)) {
      expect(await count(sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`), table).toBe(n);
    }
    expect(await count(sql`select count(*) as n from units where kind = 'branch'`)).toBe(40);
    expect(await count(sql`select count(*) as n from units where kind = 'general_branch'`)).toBe(8);
    expect(summary.counts.activities).toBeGreaterThan(40 * 3 * 25);
  });

  it('has 行政第一党支部 (XZ01, admin, under the committee) with exactly 16 members today', async () => {
    const xz01 = await db
      .selectFrom('units')
      .selectAll()
      .where('code', '=', 'XZ01')
      .executeTakeFirstOrThrow();
    expect(xz01).toMatchObject({ name: '行政第一党支部', kind: 'branch', category: 'admin' });
    const parent = await db
      .selectFrom('units')
      .select('kind')
      .where('id', '=', xz01.parent_id)
      .executeTakeFirstOrThrow();
    expect(parent.kind).toBe('committee');
    const current = await db
      .selectFrom('members')
      .select(['role'])
      .where('branch_id', '=', xz01.id)
      .where('joined_on', '<=', TODAY)
      .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>=', TODAY)]))
      .execute();
    expect(current).toHaveLength(16);
    expect(current.filter((m) => m.role === 'secretary')).toHaveLength(1);
    expect(current.filter((m) => m.role === 'deputy')).toHaveLength(1);
    const formerCount = await count(
      sql`select count(*) as n from members where branch_id = ${xz01.id} and left_on < ${TODAY}`,
    );
    expect(formerCount).toBeGreaterThan(0);
  });

  it('has a branch founded mid-year inside the window and a dissolved one', async () => {
    const founded = await db
      .selectFrom('units')
      .select(['code', 'established_on'])
      .where('kind', '=', 'branch')
      .where('established_on', '>', FROM)
      .where('established_on', '<=', TODAY)
      .where(sql<boolean>`substr(established_on, 9, 2) <> '01'`)
      .execute();
    expect(founded.length).toBeGreaterThan(0);
    const dissolved = await db
      .selectFrom('units')
      .select(['id', 'dissolved_on'])
      .where('dissolved_on', 'is not', null)
      .where('dissolved_on', '>=', FROM)
      .where('dissolved_on', '<', TODAY)
      .execute();
    expect(dissolved.length).toBeGreaterThan(0);
    // Everyone has left a dissolved branch by its last day.
    for (const d of dissolved) {
      expect(
        await count(
          sql`select count(*) as n from members where branch_id = ${d.id} and (left_on is null or left_on > ${d.dissolved_on})`,
        ),
      ).toBe(0);
    }
  });

  it('has transfers, leavers and yearly graduations', async () => {
    const transfers = await count(sql`
      select count(*) as n from members a join members b on a.code = b.code and a.branch_id <> b.branch_id
      where a.left_on is not null and b.joined_on > a.left_on`);
    expect(transfers).toBeGreaterThan(0);
    const graduates = await count(sql`
      select count(*) as n from members m join units u on u.id = m.branch_id
      where u.category = 'student' and m.left_on like '%-06-30'`);
    expect(graduates).toBeGreaterThan(10);
    const graduationYears = await count(sql`
      select count(distinct substr(left_on, 1, 4)) as n from members m join units u on u.id = m.branch_id
      where u.category = 'student' and m.left_on like '%-06-30'`);
    expect(graduationYears).toBe(3);
  });

  it('has backlog somewhere (a whole month of existence without a theme day) but not everywhere', async () => {
    const branches = await db
      .selectFrom('units')
      .select(['id', 'established_on', 'dissolved_on'])
      .where('kind', '=', 'branch')
      .execute();
    const held = await db
      .selectFrom('activities')
      .select(['branch_id', sql<string>`substr(held_on, 1, 7)`.as('ym')])
      .where('type', '=', 'theme_day')
      .groupBy(['branch_id', sql`substr(held_on, 1, 7)`])
      .execute();
    const heldSet = new Set(held.map((h) => `${h.branch_id}|${h.ym}`));
    let withBacklog = 0;
    for (const b of branches) {
      let missed = 0;
      for (let y = 2023; y <= 2025; y++) {
        for (let m = 1; m <= 10; m++) {
          const ym = `${y}-${String(m).padStart(2, '0')}`;
          const isWhole =
            b.established_on <= `${ym}-01` && (b.dissolved_on === null || b.dissolved_on >= `${ym}-28`);
          if (isWhole && !heldSet.has(`${b.id}|${ym}`)) missed++;
        }
      }
      if (missed > 0) withBacklog++;
    }
    expect(withBacklog).toBeGreaterThan(0);
    expect(withBacklog).toBeLessThan(branches.length);
  });

  it('uses formats unevenly: some branches 1–2 formats, some all 7', async () => {
    const perBranch = await db
      .selectFrom('activity_formats as f')
      .innerJoin('activities as a', 'a.id', 'f.activity_id')
      .select(['a.branch_id', sql<number>`count(distinct f.format)`.as('n')])
      .groupBy('a.branch_id')
      .execute();
    const counts = perBranch.map((r) => Number(r.n));
    expect(Math.min(...counts)).toBeLessThanOrEqual(2);
    expect(Math.max(...counts)).toBe(7);
    const xz01Id = (
      await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()
    ).id;
    const xz01 = perBranch.find((r) => r.branch_id === xz01Id);
    expect(Number(xz01?.n)).toBe(7);
  });

  it('records rituals mostly on theme days, partial attendance, work integration and sharers', async () => {
    const theme = await sql<{ n: number; ritual: number }>`
      select count(*) as n, sum(oath_renewed * dues_collected) as ritual from activities where type = 'theme_day'`.execute(
      db,
    );
    const t = theme.rows[0] as { n: number; ritual: number };
    expect(t.ritual / t.n).toBeGreaterThan(0.6);
    expect(t.ritual / t.n).toBeLessThan(1);
    expect(await count(sql`select count(*) as n from activities where attended < expected`)).toBeGreaterThan(
      0,
    );
    expect(
      await count(sql`select count(*) as n from activities where integrated_with_work = 1`),
    ).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from activities where by_secretary = 1`)).toBeGreaterThan(40);
    expect(summary.counts.activity_sharers).toBeGreaterThan(0);
    const kinds = await db.selectFrom('achievements').select('kind').distinct().execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual([
      'award',
      'project_approval',
      'proposal_adopted',
      'volunteer_service',
    ]);
    expect(
      await count(
        sql`select count(*) as n from achievements where kind = 'volunteer_service' and (hours is null or participants is null)`,
      ),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from activities where title like '2025年3月主题党日：%'`),
    ).toBeGreaterThan(20);
  });

  it('obeys the import rules', async () => {
    const violations: Record<string, ReturnType<typeof sql<{ n: number }>>> = {
      'attended > expected or without expected': sql`select count(*) as n from activities
        where attended is not null and (expected is null or attended > expected or attended < 0)`,
      'activity outside branch existence or after today': sql`select count(*) as n from activities a join units u on u.id = a.branch_id
        where a.held_on < u.established_on or (u.dissolved_on is not null and a.held_on > u.dissolved_on) or a.held_on > ${TODAY}`,
      'achievement outside branch existence': sql`select count(*) as n from achievements a join units u on u.id = a.branch_id
        where a.achieved_on < u.established_on or (u.dissolved_on is not null and a.achieved_on > u.dissolved_on) or a.achieved_on > ${TODAY}`,
      'activities and achievements only on branches': sql`select count(*) as n from (
        select branch_id from activities union all select branch_id from achievements union all select branch_id from members) x
        join units u on u.id = x.branch_id where u.kind <> 'branch'`,
      'membership outside branch existence': sql`select count(*) as n from members m join units u on u.id = m.branch_id
        where m.joined_on < u.established_on or m.joined_on > ${TODAY} or (u.dissolved_on is not null and (m.left_on is null or m.left_on > u.dissolved_on))`,
      'left before joined': sql`select count(*) as n from members where left_on < joined_on`,
      'overlapping memberships of one person': sql`select count(*) as n from members a join members b on a.code = b.code and a.id < b.id
        where a.joined_on <= coalesce(b.left_on, '9999') and b.joined_on <= coalesce(a.left_on, '9999')`,
      'sharer not an active member of the branch that day': sql`select count(*) as n from activity_sharers s join activities a on a.id = s.activity_id
        where not exists (select 1 from members m where m.code = s.member_code and m.branch_id = a.branch_id
          and m.joined_on <= a.held_on and (m.left_on is null or m.left_on >= a.held_on))`,
      'duplicate activity natural key': sql`select count(*) as n from (select 1 from activities group by branch_id, held_on, type, title having count(*) > 1)`,
      'duplicate achievement natural key': sql`select count(*) as n from (select 1 from achievements group by branch_id, achieved_on, kind, title having count(*) > 1)`,
      'duplicate member natural key': sql`select count(*) as n from (select 1 from members group by code, branch_id having count(*) > 1)`,
      'duplicate goal natural key': sql`select count(*) as n from (select 1 from goals group by year, scope_type, scope_ref, metric having count(*) > 1)`,
      'branch without category or parent': sql`select count(*) as n from units where kind = 'branch' and (category is null or parent_id is null)`,
      'admin or retired branch not under the committee': sql`select count(*) as n from units u join units p on p.id = u.parent_id
        where u.category in ('admin', 'retired') and p.kind <> 'committee'`,
      'by_secretary on a type other than 党课': sql`select count(*) as n from activities where by_secretary = 1 and type <> 'party_lecture'`,
      'invalid dates': sql`select count(*) as n from activities where date(held_on) is not held_on`,
      'goal on a missing branch or a general branch': sql`select count(*) as n from goals g where scope_type = 'branch'
        and not exists (select 1 from units u where u.code = g.scope_ref and u.kind = 'branch')`,
      'rate goal above 1': sql`select count(*) as n from goals where metric like '%Rate' and target > 1`,
    };
    for (const [rule, query] of Object.entries(violations)) expect(await count(query), rule).toBe(0);
  });

  it('has goals for every year: all branches, categories and a few branches', async () => {
    const rows = await db
      .selectFrom('goals')
      .select(['year', 'scope_type', sql<number>`count(*)`.as('n')])
      .groupBy(['year', 'scope_type'])
      .execute();
    for (const year of [2023, 2024, 2025]) {
      for (const scope of ['all', 'category', 'branch']) {
        expect(
          Number(rows.find((r) => r.year === year && r.scope_type === scope)?.n ?? 0),
          `${year} ${scope}`,
        ).toBeGreaterThan(0);
      }
    }
  });

  it('refuses to load into a database that already has units', async () => {
    await expect(loadDemo(db, { today: TODAY })).rejects.toBeInstanceOf(DemoTargetNotEmptyError);
    await expect(loadDemo(db, { today: TODAY })).rejects.toThrow(/已有 \d+ 个组织/);
  });
});
