import { describe, expect, it } from 'vitest';
import {
  countsSummary,
  diffLinesOf,
  insertLinesOf,
  noChangeReason,
  sheetsWithRows,
  totalCounts,
} from '../../client/src/features/data/preview-model';
import { SHEET_KEYS, type TSheetKey } from '../../shared/import-format';
import { describeRowKey, formatFieldValue } from '../../shared/import-rows';
import type { TImportPreviewResult, TPreviewSheet, TUploadCounts } from '../../shared/schemas/import-upload';

function counts(
  patch: Partial<Record<TSheetKey, Partial<TUploadCounts>>> = {},
): Record<TSheetKey, TUploadCounts> {
  return Object.fromEntries(
    SHEET_KEYS.map((k) => [k, { inserted: 0, updated: 0, unchanged: 0, ...patch[k] }]),
  ) as Record<TSheetKey, TUploadCounts>;
}

function preview(patch: Partial<TImportPreviewResult>): TImportPreviewResult {
  return {
    ok: true,
    fileName: 'x.xlsx',
    previewId: null,
    expiresAt: null,
    counts: counts(),
    sheets: Object.fromEntries(
      SHEET_KEYS.map((k): [TSheetKey, TPreviewSheet] => [k, { inserts: [], updates: [] }]),
    ) as TImportPreviewResult['sheets'],
    listLimit: 200,
    examplesSkipped: 0,
    errors: [],
    warnings: [],
    ...patch,
  };
}

describe('import preview model', () => {
  it('says why a clean file changes nothing: only template examples, or all rows already stored', () => {
    expect(noChangeReason(preview({ examplesSkipped: 5 }))).toBe('template');
    expect(noChangeReason(preview({ counts: counts({ units: { unchanged: 3 } }) }))).toBe('unchanged');
    expect(
      noChangeReason(preview({ counts: counts({ goals: { updated: 1 } }), examplesSkipped: 5 })),
    ).toBeNull();
    expect(noChangeReason(preview({ ok: false, examplesSkipped: 5 }))).toBeNull();
  });

  it('totals the counts and lists the sheets with rows', () => {
    const c = counts({ units: { inserted: 1, unchanged: 2 }, goals: { updated: 4 } });
    expect(totalCounts(c)).toEqual({ inserted: 1, updated: 4, unchanged: 2 });
    expect(sheetsWithRows(preview({ counts: c }))).toEqual(['units', 'goals']);
  });

  it('shows an update as one line per field, in the language, with labels for keys and values', () => {
    const row = {
      key: { branch: 'XZ01', held_on: '2025-03-15', type: 'theme_day', title: '学习党史' },
      before: { attended: 15, formats: ['field_visit', 'discussion'], oath_renewed: 0 },
      after: { attended: 13, formats: ['discussion'], oath_renewed: 1 },
    };
    expect(diffLinesOf('activities', [row], 'zh')).toEqual([
      {
        id: '0:attended',
        key: 'XZ01 · 2025-03-15 · 主题党日 · 学习党史',
        isFirst: true,
        field: '实到人数',
        before: '15',
        after: '13',
      },
      expect.objectContaining({
        isFirst: false,
        field: '形式',
        before: '走出去参观、研讨交流',
        after: '研讨交流',
      }),
      expect.objectContaining({ field: '重温入党誓词', before: '否', after: '是' }),
    ]);
    expect(diffLinesOf('activities', [row], 'en')[1]).toMatchObject({
      key: 'XZ01 · 2025-03-15 · Theme party day · 学习党史',
      field: 'Formats',
      before: 'Field visit, Discussion',
    });
  });

  it('shows goals with their scope and metric, rate targets as percentages, and empty values as a dash', () => {
    const key = { year: 2025, scope_type: 'all', scope_ref: '', metric: 'complianceRate' };
    expect(describeRowKey('goals', key, 'zh')).toBe('2025 · 全部 · 组织生活完成率');
    expect(describeRowKey('goals', { ...key, scope_type: 'category', scope_ref: 'student' }, 'en')).toBe(
      '2025 · Students · Compliance rate',
    );
    expect(formatFieldValue('goals', 'target', 0.92, 'zh', key)).toBe('92%');
    expect(formatFieldValue('goals', 'target', 30, 'zh', { ...key, metric: 'sessions' })).toBe('30');
    expect(formatFieldValue('units', 'dissolved_on', null, 'zh')).toBe('—');
    expect(formatFieldValue('units', 'kind', 'branch', 'zh')).toBe('党支部');
  });

  it('shows a new row as its key and its filled fields', () => {
    const lines = insertLinesOf(
      'members',
      [
        {
          key: { branch: 'XZ01', code: 'M9' },
          before: null,
          after: { name: '张三', role: 'secretary', left_on: null },
        },
      ],
      'zh',
    );
    expect(lines).toEqual([{ id: '0', key: 'XZ01 · M9', fields: '姓名：张三；职务：书记' }]);
  });

  it('summarises an import of the history by the sheets it changed', () => {
    const c = counts({
      units: { inserted: 1 },
      members: { inserted: 2, updated: 3 },
      goals: { unchanged: 9 },
    });
    expect(countsSummary(c, 'zh', { inserted: '新增', updated: '更新' })).toBe(
      '组织 新增 1 · 党员 新增 2，更新 3',
    );
  });
});
