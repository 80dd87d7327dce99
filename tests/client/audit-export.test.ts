/**
 * 操作日志 to Excel / CSV (issue 12): the export collects every entry the filters select, page after page
 * of the API (not only the page in view), and writes each as the table shows it — time, user, operation,
 * action, table, record, changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_EXPORT_PAGE,
  auditFilterWords,
  auditSheet,
  collectAuditEntries,
} from '../../client/src/features/data/audit-export';
import type { TAuditEntry } from '../../client/src/lib/api-types';
import type { DB } from '../../server/db/database';
import { callerFor } from '../helpers/caller';
import { createTestDb } from '../helpers/test-db';
import { createTestUser } from '../helpers/users';

let db: DB;
let admin: ReturnType<typeof callerFor>;

beforeAll(async () => {
  db = await createTestDb();
  const { user } = await createTestUser(db, { username: 'org', role: 'admin' });
  admin = callerFor(db, user);
  await admin.goals.set({ year: 2026, scope: { type: 'all' }, metric: 'sessions', target: 12 });
  await admin.goals.set({ year: 2026, scope: { type: 'all' }, metric: 'sessions', target: 10 });
});

describe('audit export', () => {
  it('writes every selected entry as the table shows it', async () => {
    const entries = await collectAuditEntries({ procedure: 'goals.set' }, (input) => admin.audit.list(input));
    expect(entries).toHaveLength(2);
    const sheet = auditSheet(entries, 'zh');
    expect(sheet.columns.map((c) => c.header)).toEqual([
      '时间',
      '用户',
      '操作',
      '类型',
      '数据表',
      '记录',
      '变更（前 → 后）',
    ]);
    expect(sheet.rows).toHaveLength(2);
    const [update, insert] = sheet.rows;
    expect(update![1]).toBe('org');
    expect(update![3]).toBe('修改');
    expect(insert![3]).toBe('新增');
    expect(String(update![6])).toContain('12');
    expect(String(update![6])).toContain('10');
  });

  it('reads page after page until the total, not only the first page', async () => {
    const total = AUDIT_EXPORT_PAGE * 2 + 3;
    const all = Array.from({ length: total }, (_, i) => ({ id: i }) as unknown as TAuditEntry);
    const offsets: number[] = [];
    const entries = await collectAuditEntries({ table: 'goals' }, async (input) => {
      const { offset = 0, limit = 100 } = input as { offset?: number; limit?: number };
      offsets.push(offset);
      return { rows: all.slice(offset, offset + limit), total };
    });
    expect(entries).toHaveLength(total);
    expect(offsets).toEqual([0, AUDIT_EXPORT_PAGE, AUDIT_EXPORT_PAGE * 2]);
  });

  it('says the filters in words for the header block', () => {
    expect(auditFilterWords({ username: 'org', from: '2026-01-01', page: 1, pageSize: 20 }, 'zh')).toEqual([
      '用户 org',
      '时间 2026-01-01–…',
    ]);
  });
});
