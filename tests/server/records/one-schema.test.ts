/**
 * The one-schema rule: a bad value of an activity, achievement, member or unit is refused by the form (its
 * model over the shared schema), by the API (records.* over real HTTP) and by the importer (a CSV sheet
 * of the same row) with the same message — in Chinese and in English. Values only the database can
 * judge (a day outside the branch's existence, an unknown sharer) are refused by the API and the
 * importer alike, and the form shows the API's message under the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  achievementInputOf,
  activityInputOf,
  memberInputOf,
  schemaMessages,
  serverMessages,
} from '../../../client/src/features/branch-detail/record-form-model';
import { type TUnitFormValues, unitInputOf } from '../../../client/src/features/org-admin/unit-form-model';
import type { DB } from '../../../server/db/database';
import type { AppServer } from '../../../server/http/app-server';
import { importPath, importSources, problemReason, readImportBuffer } from '../../../server/import';
import { SHEETS } from '../../../shared/import-format';
import type { TLang } from '../../../shared/lang';
import {
  RECORD_FIELD_COLUMNS,
  type TRecordSheet,
  ZAchievementInputSchema,
  ZActivityInputSchema,
  ZMemberInputSchema,
  ZUnitInputSchema,
} from '../../../shared/schemas/record-inputs';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser, sessionTokenFor } from '../../helpers/users';
import { MINI_DIR } from '../import/import-helpers';

let db: DB;
let app: AppServer;
let base: string;
let cookie: string;
let xz01: number;

beforeAll(async () => {
  db = await createTestDb();
  expect((await importPath(db, MINI_DIR)).ok).toBe(true);
  const { user } = await createTestUser(db, { username: 'admin', role: 'admin' });
  cookie = `pbd_session=${await sessionTokenFor(db, user.id)}`;
  xz01 = (await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()).id;
  ({ app, base } = await startTestApp({ db }));
});

afterAll(async () => {
  await closeTestApp(app);
  await db.destroy();
});

/** A valid row of each sheet: the form's values and the same row as spreadsheet cells (by column key). */
const BASE = {
  activities: {
    values: { type: 'theme_day', heldOn: '2025-05-06', title: '一致性测试', expected: 10, attended: 8 },
    cells: {
      branch_code: 'XZ01',
      held_on: '2025-05-06',
      type: '主题党日',
      title: '一致性测试',
      expected: '10',
      attended: '8',
    },
  },
  achievements: {
    values: {
      kind: 'volunteer_service',
      achievedOn: '2025-05-06',
      title: '一致性测试',
      hours: 2,
      participants: 3,
    },
    cells: {
      branch_code: 'XZ01',
      achieved_on: '2025-05-06',
      kind: '志愿服务',
      title: '一致性测试',
      hours: '2',
      participants: '3',
    },
  },
  members: {
    values: { code: 'T0001', name: '测试党员', role: 'member', joinedOn: '2025-01-01', leftOn: null },
    cells: { code: 'T0001', name: '测试党员', branch_code: 'XZ01', role: '党员', joined_on: '2025-01-01' },
  },
  units: {
    values: {
      code: 'T-U1',
      name: '测试党支部',
      kind: 'branch',
      parentCode: null,
      category: 'faculty',
      establishedOn: '2025-01-01',
      dissolvedOn: null,
      hasGroups: false,
    },
    cells: {
      code: 'T-U1',
      name: '测试党支部',
      kind: '党支部',
      category: '教工',
      established_on: '2025-01-01',
    },
  },
} as const;

const SCHEMAS = {
  activities: { schema: ZActivityInputSchema, inputOf: activityInputOf, procedure: 'records.createActivity' },
  achievements: {
    schema: ZAchievementInputSchema,
    inputOf: achievementInputOf,
    procedure: 'records.createAchievement',
  },
  members: { schema: ZMemberInputSchema, inputOf: memberInputOf, procedure: 'records.createMember' },
  units: {
    schema: ZUnitInputSchema,
    inputOf: (_branchId: number, v: TUnitFormValues) => unitInputOf(v),
    procedure: 'units.create',
  },
} as const;

interface TCase {
  what: string;
  sheet: TRecordSheet;
  field: string;
  values: Record<string, unknown>;
  cells: Record<string, string>;
  /** The Chinese message all three give. */
  zh: string;
  /** Only the database can judge the value: the form's schema passes it, the form shows the API's message. */
  isDatabaseCheck?: boolean;
}

const CASES: TCase[] = [
  {
    what: 'attended > expected',
    sheet: 'activities',
    field: 'attended',
    values: { expected: 10, attended: 12 },
    cells: { expected: '10', attended: '12' },
    zh: '大于应到人数 10',
  },
  {
    what: 'attended without expected',
    sheet: 'activities',
    field: 'attended',
    values: { expected: null, attended: 5 },
    cells: { expected: '', attended: '5' },
    zh: '填写了实到人数但没有应到人数',
  },
  {
    what: 'an unknown type',
    sheet: 'activities',
    field: 'type',
    values: { type: '茶话会' },
    cells: { type: '茶话会' },
    zh: '不是可选值（可选：支部党员大会/general_meeting、支部委员会/committee_meeting、党小组会/group_meeting、党课/party_lecture、主题党日/theme_day、组织生活会/org_life_meeting、民主评议党员/democratic_appraisal）',
  },
  {
    what: 'a date that does not exist',
    sheet: 'activities',
    field: 'heldOn',
    values: { heldOn: '2025-02-30' },
    cells: { held_on: '2025-02-30' },
    zh: '不是日期（应为 YYYY-MM-DD 或 Excel 日期）',
  },
  {
    what: 'a negative count',
    sheet: 'activities',
    field: 'expected',
    values: { expected: -1, attended: null },
    cells: { expected: '-1', attended: '' },
    zh: '不能为负数',
  },
  {
    what: 'a count that is not whole',
    sheet: 'activities',
    field: 'attended',
    values: { attended: 2.5 },
    cells: { attended: '2.5' },
    zh: '不是整数',
  },
  {
    what: 'an empty title',
    sheet: 'activities',
    field: 'title',
    values: { title: '' },
    cells: { title: '' },
    zh: '必填，不能为空',
  },
  {
    what: 'a title too long',
    sheet: 'activities',
    field: 'title',
    values: { title: '题'.repeat(501) },
    cells: { title: '题'.repeat(501) },
    zh: '太长（超过 500 个字符）',
  },
  {
    what: 'an unknown format',
    sheet: 'activities',
    field: 'formats',
    values: { formats: ['唱歌'] },
    cells: { formats: '唱歌' },
    zh: '不是可选值（可选：学习文字资料/reading、观看视频/video、请进来主讲/invited_speaker、走出去参观/field_visit、实践活动/practice、研讨交流/discussion、党员分享/member_sharing）',
  },
  {
    what: 'negative hours',
    sheet: 'achievements',
    field: 'hours',
    values: { hours: -3 },
    cells: { hours: '-3' },
    zh: '不能为负数',
  },
  {
    what: 'hours that are not a number',
    sheet: 'achievements',
    field: 'hours',
    values: { hours: 'abc' },
    cells: { hours: 'abc' },
    zh: '不是数字',
  },
  {
    what: 'an unknown level',
    sheet: 'achievements',
    field: 'level',
    values: { level: '区级' },
    cells: { level: '区级' },
    zh: '不是可选值（可选：国家级/national、省级/provincial、市级/municipal、校级/school）',
  },
  {
    what: 'leaving before joining',
    sheet: 'members',
    field: 'leftOn',
    values: { joinedOn: '2025-03-01', leftOn: '2025-02-01' },
    cells: { joined_on: '2025-03-01', left_on: '2025-02-01' },
    zh: '早于转入日期 2025-03-01',
  },
  {
    what: 'an unknown role',
    sheet: 'members',
    field: 'role',
    values: { role: '主席' },
    cells: { role: '主席' },
    zh: '不是可选值（可选：书记/secretary、副书记/deputy、委员/committee、党员/member）',
  },
  {
    what: 'a branch without a category',
    sheet: 'units',
    field: 'category',
    values: { category: null },
    cells: { category: '' },
    zh: '党支部必须填写类型',
  },
  {
    what: 'a unit dissolved before it was founded',
    sheet: 'units',
    field: 'dissolvedOn',
    values: { dissolvedOn: '2024-12-31' },
    cells: { dissolved_on: '2024-12-31' },
    zh: '早于成立日期 2025-01-01',
  },
  {
    what: 'a unit that is its own parent',
    sheet: 'units',
    field: 'parentCode',
    values: { parentCode: 'T-U1' },
    cells: { parent_code: 'T-U1' },
    zh: '上级不能是自己',
  },
  {
    what: 'an unknown unit level',
    sheet: 'units',
    field: 'kind',
    values: { kind: '小组' },
    cells: { kind: '小组' },
    zh: '不是可选值（可选：党委/committee、党总支/general_branch、党支部/branch）',
  },
  {
    what: "a day outside the branch's existence",
    sheet: 'activities',
    field: 'heldOn',
    values: { heldOn: '2021-06-01' },
    cells: { held_on: '2021-06-01' },
    zh: '不在支部 XZ01 存续期内（2022-01-01 至 —）',
    isDatabaseCheck: true,
  },
  {
    what: 'a sharer who is no member',
    sheet: 'activities',
    field: 'sharers',
    values: { sharers: ['NOPE'] },
    cells: { sharers: 'NOPE' },
    zh: '党员编号 NOPE 不存在（文件和数据库中都没有）',
    isDatabaseCheck: true,
  },
];

/** The importer's reason for the case's column, importing the one-row sheet. */
async function importerMessage(c: TCase, lang: TLang): Promise<string | undefined> {
  const sheet = SHEETS[c.sheet];
  const cells: Record<string, string> = { ...BASE[c.sheet].cells, ...c.cells };
  const csv = [
    sheet.columns.map((col) => col.zh).join(','),
    sheet.columns.map((col) => cells[col.key] ?? '').join(','),
  ].join('\n');
  const report = await importSources(db, await readImportBuffer(Buffer.from(csv), `${sheet.zh}.csv`), {
    lang,
  });
  expect(report.ok, c.what).toBe(false);
  const column = (RECORD_FIELD_COLUMNS[c.sheet] as Record<string, string>)[c.field];
  const problem = report.errors.find((p) => p.column === column);
  return problem && problemReason(problem, lang);
}

function formInput(c: TCase) {
  const values = { ...BASE[c.sheet].values, ...c.values };
  return (SCHEMAS[c.sheet].inputOf as (branchId: number, v: object) => unknown)(xz01, values);
}

/** The API's answer to the same input: its message for the field, and the whole error data. */
async function apiRefusal(c: TCase, lang: TLang): Promise<{ message?: string; data: unknown }> {
  const res = await fetch(`${base}/trpc/${SCHEMAS[c.sheet].procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lang': lang, cookie },
    body: JSON.stringify(formInput(c)),
  });
  expect(res.status, c.what).toBe(400);
  const body = (await res.json()) as {
    error: { data: { zodIssues: { path: (string | number)[]; message: string }[] | null } };
  };
  const issue = body.error.data.zodIssues?.find((i) => i.path[0] === c.field);
  return { message: issue?.message, data: body.error.data };
}

describe('form, API and importer refuse the same bad value with the same message', () => {
  for (const c of CASES) {
    it(`${c.sheet}: ${c.what}`, async () => {
      for (const lang of ['zh', 'en'] as const) {
        const imported = await importerMessage(c, lang);
        const api = await apiRefusal(c, lang);
        const form = schemaMessages(SCHEMAS[c.sheet].schema, formInput(c), lang)[c.field]?.[0];
        if (lang === 'zh') expect(imported, c.what).toBe(c.zh);
        else expect(imported, c.what).toMatch(/[a-z]/);
        expect(api.message, `API (${lang})`).toBe(imported);
        if (c.isDatabaseCheck) {
          expect(form, 'the schema cannot judge it').toBeUndefined();
          expect(serverMessages({ data: api.data })[c.field]?.[0], `form (${lang})`).toBe(imported);
        } else {
          expect(form, `form (${lang})`).toBe(imported);
        }
      }
    });
  }

  it('nothing was written by any of the refusals', async () => {
    const titled = (table: 'activities' | 'achievements') =>
      db.selectFrom(table).select('id').where('title', '=', '一致性测试').execute();
    expect(await titled('activities')).toEqual([]);
    expect(await titled('achievements')).toEqual([]);
    expect(await db.selectFrom('members').select('id').where('code', '=', 'T0001').execute()).toEqual([]);
  });
});
