/**
 * members.roster and members.transfer through the caller, on the two-branch access seed (XZ01 = A,
 * JG01 = B): the roster's rows and share counts per period (counted in SQL), scoped to what the caller
 * may read; a transfer ends the membership on its day and starts it in the target branch the next day,
 * in one transaction with an audit row per row; bad transfers are refused under their field, and
 * nothing changes — not even the first row when the second cannot be written.
 */
import { TRPCError } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TAuthUser } from '../../../server/auth/types';
import type { Database } from '../../../server/db/database';
import { AppError } from '../../../shared/app-error';
import { callerFor } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';
import { dumpDatabase, seedAccessFixture, type TAccessFixture } from '../access/access-fixture';

let db: Kysely<Database>;
let f: TAccessFixture;
let admin: TAuthUser;
let memberA: number;

/** A theme day of the branch naming these sharers, recorded through the record form's procedure. */
async function addSession(branchId: number, heldOn: string, sharers: string[]): Promise<void> {
  await callerFor(db, admin).records.createActivity({
    branchId,
    heldOn,
    type: 'theme_day',
    title: `分享 ${heldOn}`,
    formats: ['member_sharing'],
    modules: [],
    expected: null,
    attended: null,
    isIntegratedWithWork: false,
    isOathRenewed: false,
    isDuesCollected: false,
    isBySecretary: false,
    sharers,
    notes: null,
  });
}

const byCode = (rows: { code: string; branchCode: string; shares: number }[]) =>
  Object.fromEntries(rows.map((r) => [`${r.branchCode}/${r.code}`, r.shares]));

describeOnBothBackends('roster and transfers', (createDb, backend) => {
  /** A trigger that makes the database refuse a member row of this code (each backend's own syntax). */
  const refuseInsertOf = async (code: string) => {
    const statements =
      backend === 'postgres'
        ? [
            `create function refuse_transfer() returns trigger language plpgsql as $$
             begin if new.code = '${code}' then raise exception 'refused by test'; end if; return new; end $$`,
            'create trigger refuse_transfer before insert on members for each row execute function refuse_transfer()',
          ]
        : [
            `create trigger refuse_transfer before insert on members when new.code = '${code}'
             begin select raise(abort, 'refused by test'); end`,
          ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  };
  const allowInserts = async () => {
    if (backend === 'postgres') {
      await sql.raw('drop trigger refuse_transfer on members').execute(db);
      await sql.raw('drop function refuse_transfer()').execute(db);
    } else {
      await sql.raw('drop trigger refuse_transfer').execute(db);
    }
  };

  beforeAll(async () => {
    db = await createDb();
    f = await seedAccessFixture(db);
    admin = f.users.admin!;
    await db
      .insertInto('members')
      .values({
        code: 'XZ01-M2',
        name: '李分享',
        branch_id: f.branchA,
        role: 'committee',
        joined_on: '2024-05-01',
      })
      .execute();
    memberA = (
      await db.selectFrom('members').select('id').where('code', '=', 'XZ01-M2').executeTakeFirstOrThrow()
    ).id;
    // M2 shares twice in Q1 and once in Q2 at A; once as a guest at B (not A's share).
    await addSession(f.branchA, '2026-01-10', ['XZ01-M2', 'XZ01-M1']);
    await addSession(f.branchA, '2026-02-10', ['XZ01-M2']);
    await addSession(f.branchA, '2026-04-10', ['XZ01-M2']);
    await addSession(f.branchB, '2026-02-11', ['XZ01-M2']);
  });

  describe('members.roster', () => {
    it("counts each member's sharing sessions of the branch in the period", async () => {
      const q1 = await callerFor(db, admin).members.roster({ period: '2026-Q1', branchId: f.branchA });
      expect(byCode(q1)).toEqual({ 'XZ01/XZ01-M1': 1, 'XZ01/XZ01-M2': 2 });
      const year = await callerFor(db, admin).members.roster({ period: '2026', asOf: '2026-12-31' });
      expect(byCode(year)).toEqual({ 'JG01/JG01-M1': 0, 'XZ01/XZ01-M1': 1, 'XZ01/XZ01-M2': 3 });
      expect(year.find((r) => r.code === 'XZ01-M2')).toMatchObject({
        role: 'committee',
        joinedOn: '2024-05-01',
        leftOn: null,
      });
    });

    it("gives a secretary her own branch only, and refuses another branch's roster", async () => {
      const own = await callerFor(db, f.users.secretaryA).members.roster({
        period: '2026',
        asOf: '2026-12-31',
      });
      expect(new Set(own.map((r) => r.branchCode))).toEqual(new Set(['XZ01']));
      await expect(
        callerFor(db, f.users.secretaryA).members.roster({ period: '2026', branchId: f.branchB }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses a bad period with the period message', async () => {
      await expect(callerFor(db, admin).members.roster({ period: '2026-13' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });
  });

  /** A refused transfer: its code and the Chinese message per field; the database unchanged. */
  async function refusedTransfer(input: { id: number; toBranchId: number; leftOn: string }, user = admin) {
    const before = await dumpDatabase(db);
    const error = await callerFor(db, user)
      .members.transfer(input)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCError);
    const { code, message, cause } = error as TRPCError;
    const fields: Record<string, string> = {};
    if (cause instanceof AppError) for (const x of cause.fields) fields[String(x.path[0])] ??= x.text.zh;
    expect(await dumpDatabase(db), 'nothing changed').toEqual(before);
    return { code, message, fields };
  }

  describe('members.transfer', () => {
    it('refuses a date before joining, the same branch, a dissolved target, and a secretary writing another branch', async () => {
      expect(
        (await refusedTransfer({ id: memberA, toBranchId: f.branchB, leftOn: '2024-04-30' })).fields.leftOn,
      ).toBe('早于转入日期 2024-05-01');
      const same = await refusedTransfer({ id: memberA, toBranchId: f.branchA, leftOn: '2026-05-31' });
      expect(same.fields.toBranchId).toBe('转入支部与原支部相同');
      expect(same.message).toBe('「转入支部」转入支部与原支部相同');

      await db.updateTable('units').set({ dissolved_on: '2026-05-31' }).where('id', '=', f.branchB).execute();
      const closed = await refusedTransfer({ id: memberA, toBranchId: f.branchB, leftOn: '2026-05-31' });
      expect(closed.fields.toBranchId).toBe('在 2026-06-01 不存续（2020-01-01 至 2026-05-31）');
      await db.updateTable('units').set({ dissolved_on: null }).where('id', '=', f.branchB).execute();

      const secretary = await refusedTransfer(
        { id: memberA, toBranchId: f.branchB, leftOn: '2026-05-31' },
        f.users.secretaryA as TAuthUser,
      );
      expect(secretary.code).toBe('FORBIDDEN');
    });

    it('refuses a target that already has a membership with this code', async () => {
      await db
        .insertInto('members')
        .values({
          code: 'XZ01-M2',
          name: '李分享',
          branch_id: f.branchB,
          role: 'member',
          joined_on: '2020-01-01',
          left_on: '2023-12-31',
        })
        .execute();
      const taken = await refusedTransfer({ id: memberA, toBranchId: f.branchB, leftOn: '2026-05-31' });
      expect(taken.fields.toBranchId).toBe('已有相同的记录（同一支部编号+编号）');
      await db
        .deleteFrom('members')
        .where('code', '=', 'XZ01-M2')
        .where('branch_id', '=', f.branchB)
        .execute();
    });

    it('is atomic: when the new row fails to be written, the old one keeps its dates and no audit row stays', async () => {
      // A failure after the old row was ended (the database refusing the insert) must undo the ending.
      await refuseInsertOf('XZ01-M2');
      try {
        const before = await dumpDatabase(db);
        await expect(
          callerFor(db, admin).members.transfer({ id: memberA, toBranchId: f.branchB, leftOn: '2026-05-31' }),
        ).rejects.toBeInstanceOf(TRPCError);
        expect(await dumpDatabase(db)).toEqual(before);
      } finally {
        await allowInserts();
      }
    });

    it('ends the membership on the day and starts it in the target the next day, audited; the roster shows both', async () => {
      const Q3 = { period: '2026-Q3', asOf: '2026-09-30' };
      const members = async () => {
        const { rows } = await callerFor(db, admin).metrics.branches(Q3);
        return Object.fromEntries(rows.map((r) => [r.branch.code, r.metrics.activeMembers]));
      };
      const before = await members();
      const { newId } = await callerFor(db, admin).members.transfer({
        id: memberA,
        toBranchId: f.branchB,
        leftOn: '2026-05-31',
      });
      const rows = await db
        .selectFrom('members')
        .selectAll()
        .where('code', '=', 'XZ01-M2')
        .orderBy('joined_on')
        .execute();
      expect(rows).toMatchObject([
        {
          id: memberA,
          branch_id: f.branchA,
          role: 'committee',
          joined_on: '2024-05-01',
          left_on: '2026-05-31',
        },
        { id: newId, branch_id: f.branchB, role: 'member', joined_on: '2026-06-01', left_on: null },
      ]);
      const audit = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('procedure', '=', 'members.transfer')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => [a.action, a.user_id])).toEqual([
        ['update', admin.id],
        ['insert', admin.id],
      ]);
      expect(JSON.parse(audit[0]?.after ?? '{}')).toMatchObject({
        left_on: '2026-05-31',
        transferred_to: 'JG01',
      });

      // The member roll-ups follow the write at once: A has one member less in Q3, B one more.
      const after = await members();
      expect(after.XZ01).toBe((before.XZ01 ?? 0) - 1);
      expect(after.JG01).toBe((before.JG01 ?? 0) + 1);

      const q3 = await callerFor(db, admin).members.roster(Q3);
      expect(q3.filter((r) => r.code === 'XZ01-M2').map((r) => r.branchCode)).toEqual(['JG01']);
      const q2 = await callerFor(db, admin).members.roster({ period: '2026-Q2', asOf: '2026-06-30' });
      expect(q2.filter((r) => r.code === 'XZ01-M2').map((r) => `${r.branchCode} ${r.shares}`)).toEqual([
        'JG01 0',
        'XZ01 1',
      ]);
    });
  });
});
