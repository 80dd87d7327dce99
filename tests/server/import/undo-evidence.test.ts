/**
 * An import's undo and the evidence attached since (issue 11): the undo would delete the new records and,
 * with them (ON DELETE CASCADE), files users attached to them afterwards — so it is refused, naming the
 * record, the file, who and when, and writes nothing; once the evidence is removed the undo goes through.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAttachment, removeAttachment } from '../../../server/attachments/attachments';
import { importPath, undoImport } from '../../../server/import';
import type { AppError } from '../../../shared/app-error';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';
import { pdfFile } from '../attachments/evidence-files';
import { dumpDatabase, MINI_DIR, miniCopy } from './import-helpers';

const ADMIN = { user: null, procedure: 'import' } as const;

describe('undo of an import with evidence attached since', () => {
  it('is refused while a record it added has evidence, and goes through once the evidence is removed', async () => {
    const db = await createTestDb();
    expect((await importPath(db, MINI_DIR)).ok).toBe(true);
    const { user } = await createTestUser(db, { username: 'wang', role: 'admin' });
    const CALLER = { user, actor: { user, procedure: 'attachments.upload' } };
    const later = miniCopy({
      '成果.csv': () =>
        '支部编号,日期,类别,名称,级别,时长（小时）,参与人次,备注\nXZ01,2025-06-01,荣誉表彰,先进党支部,校级,,,\n',
    });
    const report = await importPath(db, join(later, '成果.csv'), { actor: ADMIN, fileName: '表彰.csv' });
    expect(report.counts.achievements.inserted).toBe(1);
    const added = await db
      .selectFrom('achievements')
      .select('id')
      .where('title', '=', '先进党支部')
      .executeTakeFirstOrThrow();
    // A server without an attachments folder stores nothing, and says so.
    const evidence = await addAttachment(
      db,
      {
        dir: null,
        target: { kind: 'achievement', recordId: added.id },
        fileName: '证书.pdf',
        bytes: pdfFile(),
      },
      CALLER,
    ).catch((e: unknown) => e);
    expect((evidence as AppError).messageIn('zh')).toContain('服务器没有配置附件存储目录');
    const dir = join(later, 'attachments');
    const stored = await addAttachment(
      db,
      { dir, target: { kind: 'achievement', recordId: added.id }, fileName: '证书.pdf', bytes: pdfFile() },
      CALLER,
    );

    const before = await dumpDatabase(db);
    const refusal = await undoImport(db, { importId: report.importId!, actor: ADMIN }).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(refusal?.code).toBe('CONFLICT');
    expect(refusal?.messageIn('zh')).toContain(
      '成果「XZ01 · 2025-06-01 · 荣誉表彰 · 先进党支部」是本次导入新增的，wang 于',
    );
    expect(refusal?.messageIn('zh')).toContain(
      '给它添加了证明材料「证书.pdf」；撤销会把材料一并删除，请先删除该材料',
    );
    expect(refusal?.messageIn('en')).toContain('attached evidence "证书.pdf" to it');
    expect(await dumpDatabase(db)).toBe(before);

    await removeAttachment(db, { dir, id: stored.id }, CALLER);
    await undoImport(db, { importId: report.importId!, actor: ADMIN });
    expect(await db.selectFrom('achievements').select('id').where('id', '=', added.id).execute()).toEqual([]);
  });
});
