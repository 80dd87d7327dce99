/**
 * units.* through the caller (admin only; the access matrix covers the other roles): create, rename,
 * move under another general branch, dissolve, delete — each with its audit row; bad input refused with
 * the rule's message under its field and nothing changed; no hard delete of a unit with history; and the
 * metrics (metrics.branches, overview.summary) follow every write at once.
 */
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TAuthUser } from '../../../server/auth/types';
import type { Database } from '../../../server/db/database';
import { AppError } from '../../../shared/app-error';
import type { TUnitFormInput } from '../../../shared/schemas/record-inputs';
import { callerFor } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';
import { dumpDatabase, seedAccessFixture, type TAccessFixture } from '../access/access-fixture';

let db: Kysely<Database>;
let f: TAccessFixture;
let admin: TAuthUser;

const api = () => callerFor(db, admin);

function unit(changes: Partial<TUnitFormInput> = {}): TUnitFormInput {
  return {
    code: 'ZZ01',
    name: '机关党总支',
    kind: 'general_branch',
    parentCode: 'DW',
    category: null,
    establishedOn: '2021-01-01',
    dissolvedOn: null,
    hasGroups: false,
    ...changes,
  };
}

/** A refused call: its code and the message of each field, nothing else changed. */
async function refused(
  call: () => Promise<unknown>,
): Promise<{ code: string; fields: Record<string, string> }> {
  const before = await dumpDatabase(db);
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the call was refused').toBeInstanceOf(TRPCError);
  const { code, cause } = error as TRPCError;
  const fields: Record<string, string> = {};
  if (cause instanceof AppError) for (const x of cause.fields) fields[String(x.path[0])] ??= x.text.zh;
  else if (cause && 'issues' in cause) {
    for (const issue of (
      cause as { issues: { path: unknown[]; params?: { zh?: string }; message: string }[] }
    ).issues) {
      fields[String(issue.path[0])] ??= issue.params?.zh ?? issue.message;
    }
  }
  expect(await dumpDatabase(db), 'a refused write changes nothing').toEqual(before);
  return { code, fields };
}

async function lastAudit() {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
}

async function unitRow(code: string) {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

const YEAR = { period: '2026', asOf: '2026-12-31' };

describeOnBothBackends('unit writes', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    f = await seedAccessFixture(db);
    admin = f.users.admin!;
  });

  describe('units.create / update / dissolve / remove', () => {
    it('creates a general branch and a branch under it, audited', async () => {
      const { id } = await api().units.create(unit());
      expect(await lastAudit()).toMatchObject({
        procedure: 'units.create',
        table_name: 'units',
        action: 'insert',
      });
      const branch = await api().units.create(
        unit({ code: 'ZZ01-B1', name: '新支部', kind: '党支部', parentCode: 'ZZ01', category: '教工' }),
      );
      const row = await unitRow('ZZ01-B1');
      expect(row).toMatchObject({ id: branch.id, parent_id: id, kind: 'branch', category: 'faculty' });
      const listed = await api().units.list();
      expect(listed.find((u) => u.code === 'ZZ01')).toMatchObject({ childCount: 1, recordCount: 0 });
    });

    it('refuses bad units with the rule under its field and changes nothing', async () => {
      expect((await refused(() => api().units.create(unit({ code: 'XZ01' })))).fields.code).toBe(
        '已有相同的记录（同一编号）',
      );
      expect(
        (await refused(() => api().units.create(unit({ code: 'N1', parentCode: 'NOPE' })))).fields.parentCode,
      ).toBe('上级编号 NOPE 不存在');
      expect(
        (await refused(() => api().units.create(unit({ code: 'N2', parentCode: 'XZ01' })))).fields.parentCode,
      ).toBe('XZ01 是党支部，党支部下不能再设组织');
      expect(
        (await refused(() => api().units.create(unit({ code: 'N3', kind: 'branch', category: null })))).fields
          .category,
      ).toBe('党支部必须填写类型');
      expect(
        (await refused(() => api().units.create(unit({ code: 'N4', dissolvedOn: '2020-12-31' })))).fields
          .dissolvedOn,
      ).toBe('早于成立日期 2021-01-01');
    });

    it('renames and moves a branch under another general branch; metrics.branches and overview follow', async () => {
      const zz = await unitRow('ZZ01');
      const before = await api().metrics.branches({ ...YEAR, parentId: zz.id });
      expect(before.rows.map((r) => r.branch.code)).not.toContain('XZ01');
      const xz01 = await unitRow('XZ01');
      await api().units.update({
        ...unit({
          code: 'XZ01',
          name: '行政第一党支部（更名）',
          kind: 'branch',
          parentCode: 'ZZ01',
          category: 'admin',
        }),
        id: xz01.id,
        establishedOn: '2020-01-01',
      });
      const audit = await lastAudit();
      expect(audit).toMatchObject({
        procedure: 'units.update',
        action: 'update',
        row_key: `{"id":${xz01.id},"code":"XZ01"}`,
      });
      expect(JSON.parse(audit.after ?? '{}')).toEqual({
        name: '行政第一党支部（更名）',
        parent_code: 'ZZ01',
      });

      const after = await api().metrics.branches({ ...YEAR, parentId: zz.id });
      const row = after.rows.find((r) => r.branch.code === 'XZ01');
      expect(row?.branch.name).toBe('行政第一党支部（更名）');
      const overview = await api().overview.summary(YEAR);
      const names = JSON.stringify(overview);
      expect(names).toContain('行政第一党支部（更名）');
    });

    it('refuses a move under its own branch, a changed code, and a level change of a unit with records', async () => {
      const zz = await unitRow('ZZ01');
      expect(
        (await refused(() => api().units.update({ ...unit({ parentCode: 'ZZ01-B1' }), id: zz.id }))).fields
          .parentCode,
      ).toBe('ZZ01-B1 是党支部，党支部下不能再设组织');
      await api().units.create(unit({ code: 'ZZ02', parentCode: 'ZZ01', name: '下级党总支' }));
      expect(
        (await refused(() => api().units.update({ ...unit({ parentCode: 'ZZ02' }), id: zz.id }))).fields
          .parentCode,
      ).toBe('上级关系形成循环');
      expect(
        (await refused(() => api().units.update({ ...unit({ code: 'ZZ09' }), id: zz.id }))).fields.code,
      ).toBe('组织编号不能修改（导入、目标和账号都按编号引用它）');
      const jg = await unitRow('JG01');
      expect(
        (
          await refused(() =>
            api().units.update({
              ...unit({ code: 'JG01', name: '教工第一党支部', kind: 'general_branch', category: null }),
              establishedOn: '2020-01-01',
              id: jg.id,
            }),
          )
        ).fields.kind,
      ).toBe('已有下级组织或记录，不能修改层级');
    });

    it('dissolves a branch: refused before its last session, then it leaves the periods after its last day', async () => {
      const jg = await unitRow('JG01');
      // JG01 has a session on 2026-03-01.
      const early = await refused(() => api().units.dissolve({ id: jg.id, dissolvedOn: '2026-02-28' }));
      expect(early.fields.dissolvedOn).toBe(
        '有 1 条组织生活或成果不在 2020-01-01 至 2026-02-28 之内（最早 2026-03-01，最晚 2026-03-01）',
      );
      const q3Before = await api().metrics.branches({ period: '2026-Q3', asOf: '2026-09-30' });
      expect(q3Before.rows.map((r) => r.branch.code)).toContain('JG01');

      await api().units.dissolve({ id: jg.id, dissolvedOn: '2026-03-31' });
      expect(await lastAudit()).toMatchObject({ procedure: 'units.dissolve', action: 'update' });
      expect((await unitRow('JG01')).dissolved_on).toBe('2026-03-31');
      const q3After = await api().metrics.branches({ period: '2026-Q3', asOf: '2026-09-30' });
      expect(q3After.rows.map((r) => r.branch.code)).not.toContain('JG01');
      const q1 = await api().metrics.branches({ period: '2026-Q1', asOf: '2026-03-31' });
      expect(q1.rows.map((r) => r.branch.code)).toContain('JG01');
    });

    it('refuses to dissolve a general branch whose branches outlive it', async () => {
      const zz = await unitRow('ZZ01');
      expect(
        (await refused(() => api().units.dissolve({ id: zz.id, dissolvedOn: '2026-06-30' }))).fields
          .dissolvedOn,
      ).toBe('下级组织 XZ01、ZZ01-B1、ZZ02 在此日期后仍存续，请先撤销或调整它们');
    });

    it('deletes only a unit nothing refers to; a unit with history is refused', async () => {
      const xz = await unitRow('XZ01');
      const history = await refused(() => api().units.remove({ id: xz.id }));
      expect(history.code).toBe('CONFLICT');
      // Its member and its session, and secretary A's account.
      expect(history.fields.code).toBe(
        '已有 2 条党员、组织生活或成果记录、1 个账号，不能删除；请填写撤销日期',
      );
      const empty = await unitRow('ZZ02');
      await api().units.remove({ id: empty.id });
      expect(await lastAudit()).toMatchObject({ procedure: 'units.remove', action: 'delete' });
      expect(
        await db.selectFrom('units').select('id').where('code', '=', 'ZZ02').executeTakeFirst(),
      ).toBeUndefined();
    });
  });
});
