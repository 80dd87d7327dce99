/**
 * The records behind the numbers (records.* and listBranchSlots) on the mini fixture, checked against
 * expected.json (the spec's worked example) and against SQL written independently here; and who may
 * read them, through the caller.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TAuthUser } from '../../server/auth/types';
import type { DB } from '../../server/db/database';
import { listAchievementRecords, listActivityRecords } from '../../server/db/queries/records';
import { importPath } from '../../server/import';
import { listBranchSlots } from '../../server/metrics/branch-slots';
import { openScope } from '../../server/metrics/scope';
import type { TBranchMetrics } from '../../shared/schemas/metrics';
import { callerFor } from '../helpers/caller';
import { describeOnBothBackends } from '../helpers/test-db';

const dir = fileURLToPath(new URL('../fixtures/mini/', import.meta.url));
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
  cases: { period: string; asOf: string; branches: Record<string, TBranchMetrics> }[];
};

let db: DB;
const ids = new Map<string, number>();
const user = (role: TAuthUser['role'], branchCode?: string): TAuthUser => ({
  id: 1,
  username: role,
  displayName: role,
  role,
  branchId: branchCode ? ids.get(branchCode)! : null,
  branchName: null,
});

async function sqlCount(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** listBranchSlots over the scope a procedure call opens. */
async function slotsOf(branchId: number, period: string, asOf: string) {
  return listBranchSlots(db, { branchId, scope: await openScope(db, { period, asOf }) });
}

describeOnBothBackends('records', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    const report = await importPath(db, dir);
    expect(report.ok).toBe(true);
    for (const u of await db.selectFrom('units').select(['id', 'code']).execute()) ids.set(u.code, u.id);
  });

  describe('listBranchSlots agrees with the engine (expected.json)', () => {
    for (const c of expected.cases) {
      it(`${c.period} asOf ${c.asOf}: every branch's due, met and missed slots`, async () => {
        for (const [code, metrics] of Object.entries(c.branches)) {
          const { slots } = await slotsOf(ids.get(code)!, c.period, c.asOf);
          const counted = slots.filter((s) => s.status === 'met' || s.status === 'missed');
          expect(counted.length, code).toBe(metrics.dueSlots);
          expect(slots.filter((s) => s.status === 'met').length, code).toBe(metrics.metSlots);
          const missed = slots
            .filter((s) => s.status === 'missed')
            .map((s) => ({ slot: s.slot, type: s.type }));
          const byLabel = (a: { slot: string; type: string }, b: { slot: string; type: string }) =>
            a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : a.type < b.type ? -1 : 1;
          expect(missed.sort(byLabel), code).toEqual([...(metrics.backlog ?? [])].sort(byLabel));
          // A met slot names the sessions that met it; a missed one has none.
          for (const s of slots) {
            if (s.status === 'met')
              expect(s.sessionIds.length, `${code} ${s.slot} ${s.type}`).toBeGreaterThan(0);
            if (s.status === 'missed') expect(s.sessionIds, `${code} ${s.slot} ${s.type}`).toEqual([]);
          }
        }
      });
    }

    it("JG001's theme_day slot 2025-03 is missed; XZ01's 2025-01 committee meeting too", async () => {
      const jg = await slotsOf(ids.get('JG001')!, '2025', '2025-12-31');
      expect(jg.slots.find((s) => s.slot === '2025-03' && s.type === 'theme_day')?.status).toBe('missed');
      const xz = await slotsOf(ids.get('XZ01')!, '2025', '2025-12-31');
      expect(xz.slots.find((s) => s.slot === '2025-01' && s.type === 'committee_meeting')?.status).toBe(
        'missed',
      );
      // XZ01 has no party groups: no group_meeting slots at all; JG001 has them.
      expect(xz.slots.some((s) => s.type === 'group_meeting')).toBe(false);
      expect(jg.slots.some((s) => s.type === 'group_meeting')).toBe(true);
    });

    it('the sessions of a met slot are exactly the activities of that type held in it (SQL)', async () => {
      const branchId = ids.get('XZ01')!;
      const { slots } = await slotsOf(branchId, '2025', '2025-12-31');
      const march = slots.find((s) => s.slot === '2025-03' && s.type === 'theme_day')!;
      expect(march.status).toBe('met');
      const { rows } = await sql<{ id: number }>`select id from activities where branch_id = ${branchId}
      and type = 'theme_day' and held_on like '2025-03-%' order by id`.execute(db);
      expect([...march.sessionIds].sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
      const lecture = slots.find((s) => s.slot === '2025' && s.type === 'secretary_lecture')!;
      const lectures = await sqlCount(sql`select count(*) as n from activities where branch_id = ${branchId}
      and type = 'party_lecture' and by_secretary = 1 and held_on like '2025-%'`);
      expect(lecture.sessionIds.length).toBe(lectures);
    });

    it('slots past asOf are pending, slots outside the existence are outside, with the full period listed', async () => {
      // asOf 2025-09-15: September is not over, so 2025-09 and later are pending; the year too.
      const { slots } = await slotsOf(ids.get('XZ01')!, '2025', '2025-09-15');
      const statusOf = (slot: string, type: string) =>
        slots.find((s) => s.slot === slot && s.type === type)?.status;
      expect(statusOf('2025-09', 'theme_day')).toBe('pending');
      expect(statusOf('2025-12', 'committee_meeting')).toBe('pending');
      expect(statusOf('2025', 'org_life_meeting')).toBe('pending');
      expect(statusOf('2025-08', 'theme_day')).not.toBe('pending');
      expect(slots.filter((s) => s.type === 'theme_day')).toHaveLength(12);
      expect(slots.some((s) => s.status === 'outside')).toBe(false);
      // LT003 was founded on 2025-04-14: January to April, Q1, Q2 and the year are outside its existence
      // (not owed, so not "not yet due" either) though listed; May is counted.
      const lt = await slotsOf(ids.get('LT003')!, '2025', '2025-12-31');
      const ltStatus = (slot: string, type: string) =>
        lt.slots.find((s) => s.slot === slot && s.type === type)?.status;
      expect(ltStatus('2025-01', 'theme_day')).toBe('outside');
      expect(ltStatus('2025-04', 'theme_day')).toBe('outside');
      expect(ltStatus('2025-Q2', 'general_meeting')).toBe('outside');
      expect(ltStatus('2025', 'org_life_meeting')).toBe('outside');
      expect(ltStatus('2025-05', 'theme_day')).toMatch(/^(met|missed)$/);
      expect(lt.slots.filter((s) => s.type === 'theme_day')).toHaveLength(12);
      expect(lt.slots.some((s) => s.status === 'pending')).toBe(false);
      // A session held in April after the founding still shows in April's (outside) slot.
      expect(lt.slots.find((s) => s.slot === '2025-04' && s.type === 'theme_day')?.sessionIds.length).toBe(
        await sqlCount(sql`select count(*) as n from activities where branch_id = ${ids.get('LT003')!}
        and type = 'theme_day' and held_on like '2025-04-%'`),
      );
    });

    describe('a branch dissolved inside the period', () => {
      let dissolvedDb: DB;
      let xz01: number;
      beforeAll(async () => {
        dissolvedDb = await createDb();
        expect((await importPath(dissolvedDb, dir)).ok).toBe(true);
        const row = await dissolvedDb
          .selectFrom('units')
          .select('id')
          .where('code', '=', 'XZ01')
          .executeTakeFirstOrThrow();
        xz01 = row.id;
        // XZ01's last session is on 2025-12-25: its last day is 2025-12-26, inside December.
        await dissolvedDb
          .updateTable('units')
          .set({ dissolved_on: '2025-12-26' })
          .where('id', '=', xz01)
          .execute();
      });

      it('after the last day outside, inside but past asOf pending, met and missed as the engine', async () => {
        const asOf = '2025-11-15';
        const { slots } = await listBranchSlots(dissolvedDb, {
          branchId: xz01,
          scope: await openScope(dissolvedDb, { period: '2025', asOf }),
        });
        const statusOf = (slot: string, type: string) =>
          slots.find((s) => s.slot === slot && s.type === type)?.status;
        expect(statusOf('2025-10', 'theme_day')).toMatch(/^(met|missed)$/);
        expect(statusOf('2025-11', 'theme_day')).toBe('pending');
        expect(statusOf('2025-12', 'theme_day')).toBe('outside');
        expect(statusOf('2025-Q4', 'general_meeting')).toBe('outside');
        expect(statusOf('2025', 'org_life_meeting')).toBe('outside');
        expect(slots.filter((s) => s.type === 'theme_day')).toHaveLength(12);
        // Pending is only November's slots: the rest past asOf lie after the last day.
        expect([...new Set(slots.filter((s) => s.status === 'pending').map((s) => s.slot))]).toEqual([
          '2025-11',
        ]);
        const { row } = await callerFor(dissolvedDb, user('admin')).metrics.branch({
          period: '2025',
          asOf,
          branchId: xz01,
        });
        const met = slots.filter((s) => s.status === 'met').length;
        expect(met + slots.filter((s) => s.status === 'missed').length).toBe(row.metrics.dueSlots);
        expect(met).toBe(row.metrics.metSlots);
      });
    });
  });

  describe('records through the caller', () => {
    const period = '2025';
    const asOf = '2025-12-31';
    const xz01 = () => expected.cases[0]!.branches.XZ01!;

    it('XZ01 2025 has 33 sessions; by type and by ids they narrow as asked', async () => {
      const caller = callerFor(db, user('admin'));
      const branchId = ids.get('XZ01')!;
      const all = await caller.records.activities({ branchId, period, asOf });
      expect(all).toHaveLength(33);
      expect(all).toHaveLength(xz01().sessions);
      const sqlTheme = await sqlCount(sql`select count(*) as n from activities where branch_id = ${branchId}
      and type = 'theme_day' and held_on between '2025-01-01' and '2025-12-31'`);
      const themeDays = await caller.records.activities({ branchId, period, asOf, type: 'theme_day' });
      expect(themeDays.length).toBe(sqlTheme);
      expect(themeDays.every((a) => a.type === 'theme_day')).toBe(true);
      const picked = await caller.records.activities({
        branchId,
        period,
        asOf,
        ids: [all[0]!.id, all[5]!.id],
      });
      expect(picked.map((a) => a.id).sort()).toEqual([all[0]!.id, all[5]!.id].sort());
      // Attendance rebuilt from the rows equals the engine's attendanceRate.
      const recorded = all.filter((a) => (a.expected ?? 0) > 0 && a.attended !== null);
      const rate =
        recorded.reduce((s, a) => s + a.attended!, 0) / recorded.reduce((s, a) => s + a.expected!, 0);
      expect(rate).toBeCloseTo(xz01().attendanceRate!, 10);
      // Sharers carry names from the member roll.
      const shared = all.find((a) => a.sharers.length > 0);
      expect(shared?.sharers[0]?.name).toBeTruthy();
    });

    it('volunteer achievements add up to volunteerHours; the profile matches the vividness metrics', async () => {
      const caller = callerFor(db, user('leader'));
      const branchId = ids.get('XZ01')!;
      const volunteer = await caller.records.achievements({
        branchId,
        period,
        asOf,
        kind: 'volunteer_service',
      });
      expect(volunteer.length).toBeGreaterThan(0);
      expect(volunteer.reduce((s, a) => s + (a.hours ?? 0), 0)).toBeCloseTo(xz01().volunteerHours, 10);
      const profile = await caller.records.profile({ branchId, period, asOf });
      expect(profile.days.reduce((s, d) => s + d.count, 0)).toBe(33);
      expect(Object.values(profile.formats).filter((n) => n > 0).length).toBe(xz01().formatCount);
      const m = profile.modules;
      const total = m.spirit + m.capability + m.development;
      expect(m.spirit / total).toBeCloseTo(xz01().moduleShare.spirit!, 10);
    });

    it('slots through the caller: 35 due, 33 met for XZ01 2025', async () => {
      const { slots, scope } = await callerFor(db, user('admin')).records.slots({
        branchId: ids.get('XZ01')!,
        period,
        asOf,
      });
      expect(scope.asOf).toBe(asOf);
      expect(slots.filter((s) => s.status === 'met' || s.status === 'missed')).toHaveLength(35);
      expect(slots.filter((s) => s.status === 'met')).toHaveLength(33);
    });

    it('finds a branch by code, with whether the caller may read its records', async () => {
      const secretary = callerFor(db, user('secretary', 'XZ01'));
      const own = await secretary.records.branch({ code: 'XZ01' });
      expect(own).toMatchObject({
        code: 'XZ01',
        name: '行政第一党支部',
        category: 'admin',
        canReadRecords: true,
      });
      expect((await secretary.records.branch({ code: 'JG001' })).canReadRecords).toBe(false);
      await expect(secretary.records.branch({ code: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it("a secretary reads only its own branch's records; anonymous callers nothing", async () => {
      const secretary = callerFor(db, user('secretary', 'XZ01'));
      const own = await secretary.records.activities({ branchId: ids.get('XZ01')!, period, asOf });
      expect(own).toHaveLength(33);
      const other = { branchId: ids.get('JG001')!, period, asOf };
      for (const call of [
        () => secretary.records.activities(other),
        () => secretary.records.achievements(other),
        () => secretary.records.slots(other),
        () => secretary.records.profile(other),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
      await expect(callerFor(db, null).records.activities(other)).rejects.toBeInstanceOf(TRPCError);
      await expect(callerFor(db, null).records.activities(other)).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
      // The query functions narrow the rows themselves, whatever the procedure checked.
      const range = {
        branchId: ids.get('JG001')!,
        start: '2025-01-01',
        asOf,
        viewer: user('secretary', 'XZ01'),
      };
      expect(await listActivityRecords(db, range)).toEqual([]);
      expect(await listAchievementRecords(db, range)).toEqual([]);
      const asLeader = await listActivityRecords(db, { ...range, viewer: user('leader') });
      expect(asLeader.length).toBe(expected.cases[0]!.branches.JG001!.sessions);
    });

    it('rejects a bad period with a 400 in the caller language', async () => {
      const caller = callerFor(db, user('admin'), 'en');
      await expect(
        caller.records.activities({ branchId: ids.get('XZ01')!, period: '2025', asOf: '2024-01-01' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/before the period/) });
    });
  });
});
