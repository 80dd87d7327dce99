/**
 * records.* mutations through the caller, on the two-branch access seed (XZ01 = A, JG01 = B): every
 * mutation's validation (the schema's messages, the database's checks), scoping by any id (a secretary
 * cannot create in, update, move into or delete from another branch; 403 in the caller's language,
 * nothing written), its audit row, and the metrics, slot grid and agenda following the write.
 */
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { listAudit } from '../../../server/audit/audit';
import type { TAuthUser } from '../../../server/auth/types';
import type { Database } from '../../../server/db/database';
import { AppError } from '../../../shared/app-error';
import type { TLang } from '../../../shared/lang';
import type {
  TAchievementFormInput,
  TActivityFormInput,
  TMemberFormInput,
} from '../../../shared/schemas/record-inputs';
import { callerFor } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';
import { dumpDatabase, seedAccessFixture, type TAccessFixture } from '../access/access-fixture';

let db: Kysely<Database>;
let f: TAccessFixture;
let secretaryA: TAuthUser;
let admin: TAuthUser;
/** The seeded theme day of each branch (2026-03-01). */
let activityA: number;
let activityB: number;

function activity(branchId: number, changes: Partial<TActivityFormInput> = {}): TActivityFormInput {
  return {
    branchId,
    heldOn: '2026-05-10',
    type: 'general_meeting',
    title: '2026年第二季度支部党员大会',
    formats: ['discussion', 'reading'],
    modules: ['spirit'],
    expected: 12,
    attended: 11,
    isIntegratedWithWork: true,
    isOathRenewed: false,
    isDuesCollected: true,
    isBySecretary: false,
    sharers: [],
    notes: null,
    ...changes,
  };
}

function achievement(branchId: number, changes: Partial<TAchievementFormInput> = {}): TAchievementFormInput {
  return {
    branchId,
    achievedOn: '2026-04-20',
    kind: 'volunteer_service',
    title: '社区志愿服务',
    level: 'school',
    hours: 12.5,
    participants: 6,
    notes: null,
    ...changes,
  };
}

function member(branchId: number, changes: Partial<TMemberFormInput> = {}): TMemberFormInput {
  return {
    branchId,
    code: 'XZ01-M9',
    name: '新党员',
    role: 'member',
    joinedOn: '2026-01-15',
    leftOn: null,
    ...changes,
  };
}

/** A refused call: its code, message and the message of each field (the schema's or the database's). */
async function refusal(
  call: Promise<unknown>,
  lang: TLang = 'zh',
): Promise<{ code: string; message: string; fields: Record<string, string> }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the call was refused').toBeInstanceOf(TRPCError);
  const { code, message, cause } = error as TRPCError;
  const fields: Record<string, string> = {};
  if (cause instanceof ZodError) {
    for (const issue of cause.issues) {
      const params = issue.code === 'custom' ? (issue.params as Record<string, string>) : {};
      fields[String(issue.path[0])] ??= params[lang] ?? issue.message;
    }
  } else if (cause instanceof AppError) {
    for (const field of cause.fields) fields[String(field.path[0])] ??= field.text[lang];
  }
  return { code, message, fields };
}

const Q2 = { period: '2026-Q2', asOf: '2026-06-30' };

describeOnBothBackends('record writes', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    f = await seedAccessFixture(db);
    secretaryA = f.users.secretaryA!;
    admin = f.users.admin!;
    const ids = await db.selectFrom('activities').select(['id', 'branch_id']).execute();
    activityA = ids.find((r) => r.branch_id === f.branchA)!.id;
    activityB = ids.find((r) => r.branch_id === f.branchB)!.id;
  });

  describe('records.createActivity', () => {
    it("a secretary records a session of her branch: the row, an audit row, and the branch's metrics, slots and agenda follow", async () => {
      const viewer = callerFor(db, admin);
      const before = await viewer.metrics.branch({ ...Q2, branchId: f.branchA });
      const agendaBefore = await viewer.records.agenda({ branchId: f.branchA, today: '2026-07-02' });
      expect(before.row.metrics.sessions).toBe(0);
      expect(before.row.metrics.backlog).toContainEqual({ type: 'general_meeting', slot: '2026-Q2' });
      expect(agendaBefore.overdue.map((s) => `${s.type} ${s.slot}`)).toContain('general_meeting 2026-Q2');

      const result = await callerFor(db, secretaryA).records.createActivity(
        activity(f.branchA, { sharers: ['XZ01-M1', 'JG01-M1'] }),
      );
      expect(result.warnings).toEqual([]);

      const stored = await db
        .selectFrom('activities')
        .selectAll()
        .where('id', '=', result.id)
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ branch_id: f.branchA, held_on: '2026-05-10', type: 'general_meeting' });
      const sharers = await db
        .selectFrom('activity_sharers')
        .select('member_code')
        .where('activity_id', '=', result.id)
        .execute();
      // A guest from another branch may share.
      expect(sharers.map((s) => s.member_code).sort()).toEqual(['JG01-M1', 'XZ01-M1']);

      const { rows } = await listAudit(db, { table: 'activities', action: 'insert' });
      expect(rows[0]).toMatchObject({
        username: 'sec-a',
        procedure: 'records.createActivity',
        action: 'insert',
        before: null,
      });
      expect(JSON.parse(rows[0]!.rowKey)).toEqual({
        id: result.id,
        branch: 'XZ01',
        held_on: '2026-05-10',
        type: 'general_meeting',
        title: '2026年第二季度支部党员大会',
      });
      expect(rows[0]!.after).toMatchObject({
        formats: ['discussion', 'reading'],
        sharers: ['JG01-M1', 'XZ01-M1'],
      });

      const after = await viewer.metrics.branch({ ...Q2, branchId: f.branchA });
      expect(after.row.metrics.sessions).toBe(1);
      expect(after.row.metrics.metSlots).toBe(before.row.metrics.metSlots + 1);
      expect(after.row.metrics.complianceRate!).toBeGreaterThan(before.row.metrics.complianceRate ?? 0);
      expect(after.row.metrics.backlog).not.toContainEqual({ type: 'general_meeting', slot: '2026-Q2' });
      const { slots } = await viewer.records.slots({ ...Q2, branchId: f.branchA });
      expect(slots.find((s) => s.type === 'general_meeting' && s.slot === '2026-Q2')).toMatchObject({
        status: 'met',
        sessionIds: [result.id],
      });
      const agendaAfter = await viewer.records.agenda({ branchId: f.branchA, today: '2026-07-02' });
      expect(agendaAfter.overdue.map((s) => `${s.type} ${s.slot}`)).not.toContain('general_meeting 2026-Q2');
    });

    it('refuses each bad value with its field and the rule message, writing nothing', async () => {
      const caller = callerFor(db, secretaryA);
      const before = await dumpDatabase(db);
      const cases: [Partial<TActivityFormInput>, string, string][] = [
        [{ expected: 10, attended: 12 }, 'attended', '大于应到人数 10'],
        [{ expected: null, attended: 5 }, 'attended', '填写了实到人数但没有应到人数'],
        [{ type: '茶话会' }, 'type', '不是可选值（可选：支部党员大会/general_meeting、'],
        [{ heldOn: '2026-02-30' }, 'heldOn', '不是日期（应为 YYYY-MM-DD 或 Excel 日期）'],
        [{ title: '   ' }, 'title', '必填，不能为空'],
        [{ title: '长'.repeat(501) }, 'title', '太长（超过 500 个字符）'],
        [{ expected: -1, attended: null }, 'expected', '不能为负数'],
        [{ expected: 2.5, attended: null }, 'expected', '不是整数'],
        [{ formats: ['reading', '唱歌'] }, 'formats', '不是可选值（可选：学习文字资料/reading、'],
        [{ isOathRenewed: 'maybe' as unknown as boolean }, 'isOathRenewed', '不是 是/否'],
      ];
      for (const [change, field, message] of cases) {
        const refused = await refusal(caller.records.createActivity(activity(f.branchA, change)));
        expect(refused.code, field).toBe('BAD_REQUEST');
        expect(refused.fields[field], JSON.stringify(change)).toContain(message);
      }
      // The database's checks, with the importer's messages.
      const outside = await refusal(
        caller.records.createActivity(activity(f.branchA, { heldOn: '2019-12-31' })),
      );
      expect(outside.fields.heldOn).toBe('不在支部 XZ01 存续期内（2020-01-01 至 —）');
      expect(outside.message).toBe('「日期」不在支部 XZ01 存续期内（2020-01-01 至 —）');
      const unknown = await refusal(
        caller.records.createActivity(activity(f.branchA, { sharers: ['NOBODY'] })),
      );
      expect(unknown.fields.sharers).toBe('党员编号 NOBODY 不存在（文件和数据库中都没有）');
      // English callers read English.
      const en = await refusal(
        callerFor(db, secretaryA, 'en').records.createActivity(
          activity(f.branchA, { expected: 3, attended: 4 }),
        ),
        'en',
      );
      expect(en.fields.attended).toBe('is more than expected (3)');
      expect(await dumpDatabase(db)).toEqual(before);
    });

    it('accepts the spellings of a spreadsheet cell (a type label, 2026/5/11) and stores keys and ISO days', async () => {
      const { id } = await callerFor(db, admin).records.createActivity(
        activity(f.branchA, {
          type: '党课',
          heldOn: '2026/5/11',
          title: '党课：学习条例',
          isBySecretary: true,
        }),
      );
      const stored = await db
        .selectFrom('activities')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ type: 'party_lecture', held_on: '2026-05-11', by_secretary: 1 });
    });

    it('warns about a second session of the type on the day, refuses the same title (409), drops 书记讲党课 off a lecture', async () => {
      const caller = callerFor(db, secretaryA);
      const first = activity(f.branchA, {
        heldOn: '2026-04-02',
        type: 'committee_meeting',
        title: '四月支委会',
      });
      expect((await caller.records.createActivity(first)).warnings).toEqual([]);
      const second = await caller.records.createActivity({
        ...first,
        title: '四月支委会（续）',
        isBySecretary: true,
      });
      expect(second.warnings).toEqual([
        '同一天已记录过支部委员会：「四月支委会」',
        '仅对党课有效，本行类型为支部委员会，已忽略',
      ]);
      const stored = await db
        .selectFrom('activities')
        .select('by_secretary')
        .where('id', '=', second.id)
        .executeTakeFirstOrThrow();
      expect(stored.by_secretary).toBe(0);
      expect(
        await caller.records.sameDay({
          branchId: f.branchA,
          heldOn: '2026-04-02',
          type: 'committee_meeting',
        }),
      ).toHaveLength(2);

      const duplicate = await refusal(caller.records.createActivity(first));
      expect(duplicate.code).toBe('CONFLICT');
      expect(duplicate.fields.title).toBe('已有相同的记录（同一支部编号+日期+类型+主题）');
    });
  });

  describe('records.updateActivity / removeActivity', () => {
    it('changes a session with a before/after audit row, and the metrics follow', async () => {
      const caller = callerFor(db, secretaryA);
      const { id } = await caller.records.createActivity(
        activity(f.branchA, { heldOn: '2026-06-05', type: 'theme_day', title: '六月主题党日', attended: 9 }),
      );
      const before = await caller.metrics.branch({ ...Q2, branchId: f.branchA });
      await caller.records.updateActivity({
        id,
        ...activity(f.branchA, {
          heldOn: '2026-06-05',
          type: 'theme_day',
          title: '六月主题党日',
          attended: 12,
          modules: ['spirit', 'capability'],
        }),
      });
      const { rows } = await listAudit(db, { table: 'activities', action: 'update' });
      expect(rows[0]).toMatchObject({
        procedure: 'records.updateActivity',
        before: { attended: 9, modules: ['spirit'] },
        after: { attended: 12, modules: ['capability', 'spirit'] },
      });
      const after = await caller.metrics.branch({ ...Q2, branchId: f.branchA });
      expect(after.row.metrics.attendanceRate).not.toBe(before.row.metrics.attendanceRate);

      await caller.records.removeActivity({ id });
      expect(
        await db.selectFrom('activities').select('id').where('id', '=', id).executeTakeFirst(),
      ).toBeUndefined();
      expect(
        await db.selectFrom('activity_modules').select('module').where('activity_id', '=', id).execute(),
      ).toEqual([]);
      const removed = await listAudit(db, { table: 'activities', action: 'delete' });
      expect(removed.rows[0]).toMatchObject({ procedure: 'records.removeActivity', after: null });
      expect(removed.rows[0]!.before).toMatchObject({ title: '六月主题党日', attended: 12 });
      const gone = await caller.metrics.branch({ ...Q2, branchId: f.branchA });
      expect(gone.row.metrics.sessions).toBe(after.row.metrics.sessions - 1);
    });

    it('an unknown id is 404', async () => {
      const refused = await refusal(callerFor(db, admin).records.removeActivity({ id: 999_999 }));
      expect(refused.code).toBe('NOT_FOUND');
      // No internal id in what the user reads (issue 14.4).
      expect(refused.message).toBe('组织生活记录不存在，可能已被删除');
    });
  });

  describe('scoping: a secretary writes only her own branch, by any id', () => {
    it("refuses another branch's rows (create in, update, move into, delete) with 403 in the caller's language, writing nothing", async () => {
      const zh = callerFor(db, secretaryA);
      const en = callerFor(db, secretaryA, 'en');
      const [ownMember] = await db
        .selectFrom('members')
        .select('id')
        .where('branch_id', '=', f.branchA)
        .execute();
      const [otherMember] = await db
        .selectFrom('members')
        .select('id')
        .where('branch_id', '=', f.branchB)
        .execute();
      const { id: ownAchievement } = await callerFor(db, admin).records.createAchievement(
        achievement(f.branchA, { title: 'A 的成果' }),
      );
      const { id: otherAchievement } = await callerFor(db, admin).records.createAchievement(
        achievement(f.branchB, { title: 'B 的成果' }),
      );
      const before = await dumpDatabase(db);
      const attempts: [string, (c: typeof zh) => Promise<unknown>][] = [
        ['create in B', (c) => c.records.createActivity(activity(f.branchB))],
        ["update B's row", (c) => c.records.updateActivity({ id: activityB, ...activity(f.branchB) })],
        [
          "update B's row as if A's",
          (c) => c.records.updateActivity({ id: activityB, ...activity(f.branchA) }),
        ],
        ['move own row into B', (c) => c.records.updateActivity({ id: activityA, ...activity(f.branchB) })],
        ["delete B's row", (c) => c.records.removeActivity({ id: activityB })],
        ['achievement in B', (c) => c.records.createAchievement(achievement(f.branchB))],
        [
          "B's achievement",
          (c) => c.records.updateAchievement({ id: otherAchievement, ...achievement(f.branchA) }),
        ],
        [
          'own achievement into B',
          (c) => c.records.updateAchievement({ id: ownAchievement, ...achievement(f.branchB) }),
        ],
        ["delete B's achievement", (c) => c.records.removeAchievement({ id: otherAchievement })],
        ['member in B', (c) => c.records.createMember(member(f.branchB))],
        ["B's member", (c) => c.records.updateMember({ id: otherMember!.id, ...member(f.branchA) })],
        [
          'own member into B',
          (c) => c.records.updateMember({ id: ownMember!.id, ...member(f.branchB, { code: 'XZ01-M1' }) }),
        ],
        ["delete B's member", (c) => c.records.removeMember({ id: otherMember!.id })],
      ];
      for (const [what, attempt] of attempts) {
        const refused = await refusal(attempt(zh));
        expect(refused.code, what).toBe('FORBIDDEN');
        expect(refused.message, what).toBe('只能修改本支部的记录。');
        expect((await refusal(attempt(en), 'en')).message, what).toBe(
          "You may only change your own branch's records.",
        );
      }
      // The other secretary, the leader: no more than that.
      const b = callerFor(db, f.users.secretaryB!);
      expect((await refusal(b.records.removeActivity({ id: activityA }))).code).toBe('FORBIDDEN');
      const leader = callerFor(db, f.users.leader!);
      expect((await refusal(leader.records.createActivity(activity(f.branchA)))).code).toBe('FORBIDDEN');
      expect((await refusal(callerFor(db, null).records.createActivity(activity(f.branchA)))).code).toBe(
        'UNAUTHORIZED',
      );
      expect(await dumpDatabase(db)).toEqual(before);
    });

    it('an admin writes any branch and may move a row between branches', async () => {
      const caller = callerFor(db, admin);
      const { id } = await caller.records.createActivity(
        activity(f.branchB, { heldOn: '2026-02-11', title: '迁移测试' }),
      );
      await caller.records.updateActivity({
        id,
        ...activity(f.branchA, { heldOn: '2026-02-11', title: '迁移测试' }),
      });
      const moved = await db
        .selectFrom('activities')
        .select('branch_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(moved.branch_id).toBe(f.branchA);
      await caller.records.removeActivity({ id });
    });

    it("the form reads are the branch's too: a secretary reads only her own branch's members and agenda", async () => {
      const caller = callerFor(db, secretaryA);
      expect((await caller.records.members({ branchId: f.branchA })).map((m) => m.code)).toContain('XZ01-M1');
      for (const read of [
        () => caller.records.members({ branchId: f.branchB }),
        () => caller.records.agenda({ branchId: f.branchB, today: '2026-05-15' }),
        () => caller.records.sameDay({ branchId: f.branchB, heldOn: '2026-03-01', type: 'theme_day' }),
        () => caller.records.findMembers({ branchId: f.branchB, search: 'XZ01-M1' }),
      ]) {
        expect((await refusal(read())).code).toBe('FORBIDDEN');
      }
    });

    it('guests from other branches: a secretary finds one by the exact code only, an admin by part of a name', async () => {
      const secretary = callerFor(db, secretaryA);
      expect(await secretary.records.findMembers({ branchId: f.branchA, search: 'JG01' })).toEqual([]);
      expect(await secretary.records.findMembers({ branchId: f.branchA, search: '教工' })).toEqual([]);
      expect(await secretary.records.findMembers({ branchId: f.branchA, search: 'JG01-M1' })).toEqual([
        { code: 'JG01-M1', name: '教工第一党支部党员', branchCode: 'JG01', branchName: '教工第一党支部' },
      ]);
      const byName = await callerFor(db, admin).records.findMembers({ branchId: f.branchA, search: '教工' });
      expect(byName.map((m) => m.code)).toEqual(['JG01-M1']);
      // A LIKE wildcard in the search matches itself only.
      expect(await callerFor(db, admin).records.findMembers({ branchId: f.branchA, search: '%' })).toEqual(
        [],
      );
    });
  });

  describe('achievements', () => {
    it('creates, changes and removes with audit rows; the volunteer hours follow', async () => {
      const caller = callerFor(db, secretaryA);
      const before = await caller.metrics.branch({ ...Q2, branchId: f.branchA });
      const { id } = await caller.records.createAchievement(
        achievement(f.branchA, { title: '敬老院志愿服务', hours: 20 }),
      );
      const after = await caller.metrics.branch({ ...Q2, branchId: f.branchA });
      expect(after.row.metrics.volunteerHours).toBe(before.row.metrics.volunteerHours + 20);
      await caller.records.updateAchievement({
        id,
        ...achievement(f.branchA, { title: '敬老院志愿服务', hours: 8 }),
      });
      const { rows } = await listAudit(db, { table: 'achievements' });
      expect(rows[0]).toMatchObject({ action: 'update', before: { hours: 20 }, after: { hours: 8 } });
      expect(rows[1]).toMatchObject({ action: 'insert', procedure: 'records.createAchievement' });
      await caller.records.removeAchievement({ id });
      expect((await listAudit(db, { table: 'achievements' })).rows[0]).toMatchObject({ action: 'delete' });
    });

    it('refuses bad values with the rule messages, and a duplicate with 409', async () => {
      const caller = callerFor(db, secretaryA);
      const cases: [Partial<TAchievementFormInput>, string, string][] = [
        [{ hours: -3 }, 'hours', '不能为负数'],
        [{ participants: -1 }, 'participants', '不能为负数'],
        [{ kind: '奖状' }, 'kind', '不是可选值（可选：志愿服务/volunteer_service、'],
        [{ level: '区级' }, 'level', '不是可选值'],
        [{ achievedOn: 'someday' }, 'achievedOn', '不是日期'],
        [{ title: '' }, 'title', '必填，不能为空'],
      ];
      for (const [change, field, message] of cases) {
        const refused = await refusal(caller.records.createAchievement(achievement(f.branchA, change)));
        expect(refused.fields[field], field).toContain(message);
      }
      await caller.records.createAchievement(achievement(f.branchA, { title: '唯一的成果' }));
      const duplicate = await refusal(
        caller.records.createAchievement(achievement(f.branchA, { title: '唯一的成果' })),
      );
      expect(duplicate.code).toBe('CONFLICT');
      expect(duplicate.fields.title).toBe('已有相同的记录（同一支部编号+日期+类别+名称）');
    });
  });

  describe('members', () => {
    it('creates, changes and removes with audit rows; active members follow', async () => {
      const caller = callerFor(db, secretaryA);
      const before = await caller.metrics.branch({ ...Q2, branchId: f.branchA });
      const { id } = await caller.records.createMember(member(f.branchA));
      const after = await caller.metrics.branch({ ...Q2, branchId: f.branchA });
      expect(after.row.metrics.activeMembers).toBe(before.row.metrics.activeMembers + 1);
      await caller.records.updateMember({
        id,
        ...member(f.branchA, { name: '新党员（改名）', leftOn: '2026-03-31' }),
      });
      const { rows } = await listAudit(db, { table: 'members', action: 'update' });
      expect(rows[0]).toMatchObject({
        procedure: 'records.updateMember',
        before: { name: '新党员', left_on: null },
        after: { name: '新党员（改名）', left_on: '2026-03-31' },
      });
      const left = await caller.metrics.branch({ ...Q2, branchId: f.branchA });
      expect(left.row.metrics.activeMembers).toBe(before.row.metrics.activeMembers);
      await caller.records.removeMember({ id });
      expect((await listAudit(db, { table: 'members' })).rows[0]).toMatchObject({ action: 'delete' });
    });

    it('refuses bad values, a duplicate code (409), and deleting or renaming a code that sessions name as sharer', async () => {
      const caller = callerFor(db, secretaryA);
      const early = await refusal(caller.records.createMember(member(f.branchA, { leftOn: '2025-12-31' })));
      expect(early.fields.leftOn).toBe('早于转入日期 2026-01-15');
      const role = await refusal(caller.records.createMember(member(f.branchA, { role: '主席' })));
      expect(role.fields.role).toContain('不是可选值（可选：书记/secretary、');
      const duplicate = await refusal(caller.records.createMember(member(f.branchA, { code: 'XZ01-M1' })));
      expect(duplicate.code).toBe('CONFLICT');
      expect(duplicate.fields.code).toBe('已有相同的记录（同一支部编号+编号）');

      const { id } = await caller.records.createMember(
        member(f.branchA, { code: 'XZ01-M7', name: '分享者' }),
      );
      await caller.records.createActivity(
        activity(f.branchA, {
          heldOn: '2026-01-20',
          type: 'theme_day',
          title: '一月主题党日',
          sharers: ['XZ01-M7'],
        }),
      );
      const removal = await refusal(caller.records.removeMember({ id }));
      expect(removal.code).toBe('CONFLICT');
      expect(removal.fields.code).toBe('该党员是 1 条组织生活的分享党员，不能删除；如已转出，请填写转出日期');
      const rename = await refusal(
        caller.records.updateMember({ id, ...member(f.branchA, { code: 'XZ01-M8', name: '分享者' }) }),
      );
      expect(rename.fields.code).toBe('编号 XZ01-M7 已被 1 条组织生活用作分享党员，不能修改');
    });
  });

  describe('records.agenda', () => {
    it("lists this month's, quarter's and year's slots (open or done) and the overdue ones of this year", async () => {
      const agenda = await callerFor(db, secretaryA).records.agenda({
        branchId: f.branchA,
        today: '2026-05-15',
      });
      expect(agenda.scope).toMatchObject({ period: '2026', asOf: '2026-05-14' });
      expect(agenda.current.map((s) => `${s.slot} ${s.type} ${s.status}`)).toEqual([
        '2026-05 committee_meeting open',
        '2026-05 theme_day open',
        '2026-Q2 general_meeting done',
        '2026-Q2 party_lecture done',
        '2026 org_life_meeting open',
        '2026 democratic_appraisal open',
        '2026 secretary_lecture done',
      ]);
      expect(agenda.current[0]).toMatchObject({ daysLeft: 16, start: '2026-05-01', end: '2026-05-31' });
      const overdue = agenda.overdue.map((s) => `${s.slot} ${s.type}`);
      // The seeded theme day of March and the sessions recorded above met their slots; the rest are owed.
      expect(overdue).toContain('2026-02 committee_meeting');
      expect(overdue).not.toContain('2026-03 theme_day');
      expect(overdue).not.toContain('2026-01 theme_day');
      expect(overdue).toContain('2026-Q1 general_meeting');
      expect(agenda.overdue.find((s) => s.slot === '2026-04' && s.type === 'theme_day')?.daysLeft).toBe(-15);
    });

    it("on 1 January the overdue slots are last year's (the page then opens on last year)", async () => {
      const agenda = await callerFor(db, admin).records.agenda({ branchId: f.branchB, today: '2027-01-01' });
      expect(agenda.scope).toMatchObject({ period: '2026', asOf: '2026-12-31' });
      expect(agenda.current.map((s) => s.slot)).toEqual([
        '2027-01',
        '2027-01',
        '2027-Q1',
        '2027-Q1',
        '2027',
        '2027',
        '2027',
      ]);
      expect(agenda.overdue.some((s) => s.slot === '2026-Q4')).toBe(true);
    });
  });
});
