/**
 * The audit log as people read it (issue 14.9): operations by name, records by their natural key with the
 * import's column headers, one line per change (rates as %, enum keys as labels), an import's counts and
 * the rows it added, and never an internal id or a column name.
 */
import { describe, expect, it } from 'vitest';
import {
  auditChangeText,
  auditOperationLabel,
  describeAuditEntry,
  nextDay,
  toAuditInput,
} from '../../client/src/features/data/audit-model';
import type { TAuditEntry } from '../../client/src/lib/api-types';
import { appRouter } from '../../server/routers/_app';

function entry(fields: Partial<TAuditEntry>): TAuditEntry {
  return {
    id: 1,
    at: '2026-12-06T02:00:00.000Z',
    userId: 1,
    username: 'admin',
    procedure: 'goals.set',
    table: 'goals',
    rowKey: '{}',
    action: 'update',
    before: null,
    after: null,
    recordName: null,
    ...fields,
  };
}

const lines = (e: TAuditEntry, lang: 'zh' | 'en') =>
  describeAuditEntry(e, lang).changes.map((c) => auditChangeText(c, lang));

describe('audit log filters', () => {
  it('makes the end date inclusive and pages with offset', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(
      toAuditInput({ username: 'admin', from: '2026-01-01', to: '2026-01-31', page: 3, pageSize: 20 }),
    ).toEqual({
      username: 'admin',
      table: undefined,
      from: '2026-01-01',
      to: '2026-02-01',
      limit: 20,
      offset: 40,
    });
  });
});

describe('an audit entry as the log shows it', () => {
  it('a goal change: the goal by year, scope and metric; the target as a percentage', () => {
    const goal = entry({
      rowKey: JSON.stringify({ year: 2025, scope_type: 'all', scope_ref: '', metric: 'complianceRate' }),
      before: { target: 0.92 },
      after: { target: 0.9 },
    });
    const zh = describeAuditEntry(goal, 'zh');
    expect(zh).toMatchObject({
      operation: '设置目标',
      table: '目标',
      record: '2025 · 全部 · 组织生活完成率',
    });
    expect(lines(goal, 'zh')).toEqual(['目标值：92% → 90%']);
    const en = describeAuditEntry(goal, 'en');
    expect(en).toMatchObject({ operation: 'Set a goal', table: 'Goals' });
    expect(lines(goal, 'en')).toEqual(['Target: 92% → 90%']);
  });

  it('a unit edited by an import: the column header, not the column name', () => {
    const unit = entry({
      procedure: 'import',
      table: 'units',
      rowKey: JSON.stringify({ code: 'XZ01' }),
      before: { established_on: '2020-01-01', has_groups: 0 },
      after: { established_on: '2020-03-01', has_groups: 1 },
    });
    expect(describeAuditEntry(unit, 'zh')).toMatchObject({ operation: '导入数据', record: 'XZ01' });
    expect(lines(unit, 'zh')).toEqual(['成立日期：2020-01-01 → 2020-03-01', '设党小组：否 → 是']);
    expect(lines(unit, 'en')).toEqual([
      'Established on: 2020-01-01 → 2020-03-01',
      'Has party groups: No → Yes',
    ]);
  });

  it('a session recorded on a form: its natural key without the row id, its fields as the columns show them', () => {
    const session = entry({
      procedure: 'records.createActivity',
      table: 'activities',
      action: 'insert',
      rowKey: JSON.stringify({
        id: 4711,
        branch: 'XZ01',
        held_on: '2025-03-15',
        type: 'theme_day',
        title: '学习党史',
      }),
      after: {
        branch: 'XZ01',
        held_on: '2025-03-15',
        type: 'theme_day',
        title: '学习党史',
        formats: ['video', 'discussion'],
        attended: 12,
      },
    });
    const view = describeAuditEntry(session, 'zh');
    expect(view).toMatchObject({ operation: '记录组织生活', table: '组织生活' });
    expect(view.record).toBe('XZ01 · 2025-03-15 · 主题党日 · 学习党史');
    expect(lines(session, 'zh')).toEqual(['形式：观看视频、研讨交流', '实到人数：12']);
    expect(lines(session, 'en')).toEqual(['Formats: Video, Discussion', 'Attended: 12']);
    expect(JSON.stringify(view)).not.toContain('4711');
  });

  it('a deleted member says so; a moved session names the 支部编号 column', () => {
    const member = entry({
      procedure: 'records.removeMember',
      table: 'members',
      action: 'delete',
      rowKey: JSON.stringify({ id: 9, branch: 'XZ01', code: 'M001' }),
      before: { branch: 'XZ01', code: 'M001', name: '王娟' },
    });
    expect(describeAuditEntry(member, 'zh').record).toBe('XZ01 · M001');
    expect(lines(member, 'zh')).toEqual(['姓名：王娟（已删除）']);
    const moved = entry({
      procedure: 'records.updateActivity',
      table: 'activities',
      rowKey: JSON.stringify({ id: 5, branch: 'XZ02', held_on: '2025-03-15', type: 'theme_day', title: 'x' }),
      before: { branch: 'XZ01' },
      after: { branch: 'XZ02' },
    });
    expect(lines(moved, 'zh')).toEqual(['支部编号：XZ01 → XZ02']);
  });

  it('an import: counts per sheet in words and the rows it added, by natural key', () => {
    const summary = entry({
      procedure: 'import',
      table: 'import',
      action: 'import',
      rowKey: JSON.stringify({ file: 'mini.xlsx' }),
      after: {
        file: 'mini.xlsx',
        counts: {
          units: { inserted: 0, updated: 0, unchanged: 0 },
          members: { inserted: 2, updated: 1, unchanged: 5 },
          activities: { inserted: 250, updated: 0, unchanged: 0 },
        },
        insertedKeys: {
          members: [
            { branch: 'XZ01', code: 'M001' },
            { branch: 'XZ01', code: 'M002' },
          ],
          activities: [{ branch: 'XZ01', held_on: '2025-01-24', type: 'theme_day', title: '学习党史' }],
        },
      },
    });
    const zh = describeAuditEntry(summary, 'zh');
    expect(zh).toMatchObject({ operation: '导入数据', table: '导入', record: 'mini.xlsx' });
    expect(lines(summary, 'zh')).toEqual([
      '党员：新增 2、更新 1、未变 5',
      '组织生活：新增 250、更新 0、未变 0',
    ]);
    expect(lines(summary, 'en')).toEqual([
      'Members: 2 new, 1 updated, 5 unchanged',
      'Activities: 250 new, 0 updated, 0 unchanged',
    ]);
    expect(zh.inserted).toEqual([
      { sheet: 'members', label: '党员', keys: ['XZ01 · M001', 'XZ01 · M002'], total: 2 },
      {
        sheet: 'activities',
        label: '组织生活',
        keys: ['XZ01 · 2025-01-24 · 主题党日 · 学习党史'],
        total: 250,
      },
    ]);
    const shown = [...lines(summary, 'zh'), ...zh.inserted.flatMap((r) => r.keys)].join('\n');
    expect(shown).not.toMatch(/inserted|counts|[{}"]/);
  });

  it('an undo: what it deleted and restored per sheet', () => {
    const undo = entry({
      procedure: 'import.undo',
      table: 'import',
      rowKey: JSON.stringify({ import: 3, file: 'mini.xlsx' }),
      before: { status: 'imported' },
      after: { status: 'undone', deleted: { activities: 143, members: 0 }, restored: { members: 1 } },
    });
    expect(describeAuditEntry(undo, 'zh')).toMatchObject({ operation: '撤销导入', record: 'mini.xlsx' });
    expect(lines(undo, 'zh')).toEqual(['删除：组织生活 143', '恢复：党员 1']);
  });

  it('accounts and weights: by name, role as its label, a password never shown, no ids', () => {
    const created = entry({
      procedure: 'demo.createUsers',
      userId: null,
      username: 'system',
      table: 'users',
      action: 'insert',
      rowKey: '12',
      recordName: 'xz01',
      after: {
        id: 12,
        username: 'xz01',
        display_name: '王书记',
        role: 'secretary',
        branch_id: 40,
        password_hash: '[redacted]',
      },
    });
    const view = describeAuditEntry(created, 'zh');
    expect(view).toMatchObject({ operation: '创建演示账号', table: '账号', record: 'xz01' });
    expect(lines(created, 'zh')).toEqual(['用户名：xz01', '姓名：王书记', '角色：支部书记', '密码：已设置']);
    expect(JSON.stringify(view)).not.toMatch(/\b(12|40)\b|redacted/);
    const weight = entry({
      procedure: 'goals.setWeights',
      table: 'metric_weights',
      rowKey: JSON.stringify({ year: 2025, metric: 'attendanceRate' }),
      before: { year: 2025, metric: 'attendanceRate', weight: 10 },
      after: { year: 2025, metric: 'attendanceRate', weight: 0 },
    });
    expect(describeAuditEntry(weight, 'zh')).toMatchObject({ table: '指标权重', record: '2025 · 出勤率' });
    expect(lines(weight, 'zh')).toEqual(['权重：10 → 0']);
  });
});

describe('every audited operation has a name', () => {
  it('units, transfers, accounts and evidence read as people call them, in zh and en', () => {
    const named: [string, string, string][] = [
      ['units.create', '新建组织', 'Create a unit'],
      ['units.update', '修改组织（改名或调整隶属）', 'Change a unit (name or parent)'],
      ['units.dissolve', '撤销组织', 'Dissolve a unit'],
      ['units.remove', '删除组织', 'Delete a unit'],
      ['members.transfer', '党员转接', 'Transfer a member'],
      ['users.create', '添加账号', 'Add an account'],
      ['users.update', '修改账号', 'Change an account'],
      ['users.resetPassword', '重置密码', 'Reset a password'],
      ['attachments.upload', '上传佐证材料', 'Upload evidence'],
      ['attachments.remove', '删除佐证材料', 'Delete evidence'],
    ];
    for (const [procedure, zh, en] of named) {
      expect(auditOperationLabel(procedure, 'zh')).toBe(zh);
      expect(auditOperationLabel(procedure, 'en')).toBe(en);
    }
  });

  it('users.setDisabled says whether it disabled or enabled the account', () => {
    const toggle = (disabled: boolean) =>
      entry({
        procedure: 'users.setDisabled',
        table: 'users',
        recordName: 'xz01',
        before: { disabled: !disabled },
        after: { disabled },
      });
    expect(describeAuditEntry(toggle(true), 'zh').operation).toBe('停用账号');
    expect(describeAuditEntry(toggle(false), 'zh').operation).toBe('启用账号');
    expect(describeAuditEntry(toggle(false), 'en').operation).toBe('Enable an account');
  });

  it('a password reset reads as one line, 密码：已更改, not 已更改 → 已更改', () => {
    const reset = entry({
      procedure: 'users.resetPassword',
      table: 'users',
      recordName: 'xz01',
      before: { password_hash: '[redacted]' },
      after: { password_hash: '[redacted]' },
    });
    expect(describeAuditEntry(reset, 'zh').operation).toBe('重置密码');
    expect(lines(reset, 'zh')).toEqual(['密码：已更改']);
    expect(lines(reset, 'en')).toEqual(['Password: changed']);
  });

  it('no mutation of the API reaches the log under its procedure path', () => {
    // Sign-in and sign-out write no audit row; every other mutation does and must have a label.
    const unaudited = new Set(['auth.login', 'auth.logout']);
    const procedures = (
      appRouter._def as unknown as { procedures: Record<string, { _def: { type: string } }> }
    ).procedures;
    const mutations = Object.entries(procedures)
      .filter(([path, p]) => p._def.type === 'mutation' && !unaudited.has(path))
      .map(([path]) => path);
    expect(mutations.length).toBeGreaterThan(15);
    const unnamed = mutations.filter((path) => auditOperationLabel(path, 'zh') === path);
    expect(unnamed).toEqual([]);
  });
});
