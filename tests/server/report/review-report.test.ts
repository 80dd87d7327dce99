/**
 * The review report on the mini fixture: each kind (branch, general branch, college) in each format
 * (PDF text by pdftotext, the docx and pptx XML), its key figures and Chinese labels against what the
 * metrics procedures answer; a secretary's college report; the same bytes from two runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPercent } from '../../../client/src/lib/format';
import type { TPolicyUser } from '../../../server/auth/roles';
import type { Database } from '../../../server/db/database';
import { importPath } from '../../../server/import';
import { openScope } from '../../../server/metrics/scope';
import {
  REPORT_FORMATS,
  type TReportFormat,
  type TReportTarget,
  writeReviewReport,
} from '../../../server/report';
import { REQUIREMENTS } from '../../../shared/domain';
import { callerFor, viewer } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const GENERATED_AT = '2026-01-05T02:30:00.000Z';
const PERIOD = { period: '2025', today: '2026-01-05' };

async function render(
  db: Kysely<Database>,
  target: TReportTarget,
  format: TReportFormat,
  options: { viewer?: TPolicyUser | null; generatedAt?: string } = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const scope = await openScope(db, PERIOD);
  await writeReviewReport(
    db,
    {
      scope,
      target,
      viewer: options.viewer ?? null,
      format,
      generatedAt: options.generatedAt ?? GENERATED_AT,
    },
    () => sink,
  );
  return Buffer.concat(chunks);
}

/** The words of a document: PDF through pdftotext, Office files from their XML (text runs joined). */
function textOf(bytes: Buffer, format: TReportFormat, dir: string): string {
  if (format === 'pdf') {
    const file = join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, bytes);
    const result = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    // pdftotext breaks lines where the page does: a sentence is checked without them.
    return result.stdout.replace(/\n/g, '');
  }
  const entries = unzipSync(bytes);
  const xmlNames = Object.keys(entries)
    .filter((n) =>
      format === 'docx'
        ? n === 'word/document.xml' || /^word\/footer\d*\.xml$/.test(n)
        : /^ppt\/(slides\/slide\d+|slideMasters\/slideMaster\d+)\.xml$/.test(n),
    )
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return xmlNames
    .map((n) =>
      Buffer.from(entries[n]!)
        .toString('utf8')
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    )
    .join('\n');
}

describeOnBothBackends('review report', (createDb) => {
  let db: Kysely<Database>;
  let dir: string;
  let xz01: number;
  beforeAll(async () => {
    db = await createDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'review-report-'));
    xz01 = (await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow())
      .id;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe.each(REPORT_FORMATS)('%s', (format) => {
    it('a branch report states the branch page figures, its slots in words, and labels in Chinese', async () => {
      const text = textOf(await render(db, { kind: 'branch', code: 'XZ01' }, format), format, dir);
      const caller = callerFor(db, viewer('leader'));
      const { row } = await caller.metrics.branch({ period: '2025', branchId: xz01 });
      const { slots } = await caller.records.slots({ period: '2025', branchId: xz01 });
      const m = row.metrics;
      for (const label of [
        '行政第一党支部',
        '2025年',
        '统计截至',
        '2025-12-31',
        '主要指标与目标',
        '情况概述',
        '组织生活时段',
        '工作欠账',
        '成果',
      ])
        expect(text).toContain(label);
      expect(text).toContain(formatPercent(m.complianceRate));
      expect(text).toContain(formatPercent(m.attendanceRate));
      expect(text).toContain(m.index!.toFixed(1));
      expect(text).toContain(`全院排名第 ${m.rank}`);
      // 支部党员大会: due = the counted quarter slots, all met in the fixture.
      const meetings = slots.filter((s) => s.type === 'general_meeting' && s.status !== 'pending');
      expect(meetings.length).toBeGreaterThan(0);
      expect(meetings.every((s) => s.status === 'met')).toBe(true);
      expect(text).toContain(`应召开支部党员大会 ${meetings.length} 次，实际召开 ${meetings.length} 次`);
      // Each unmet slot of the engine's backlog is listed.
      for (const b of m.backlog ?? []) expect(text).toContain(`${REQUIREMENTS.byKey[b.type].zh} ${b.slot}`);
      expect(m.backlog?.length).toBeGreaterThan(0);
    }, 120_000);

    it('the college report carries the overview KPIs and every branch in the comparison', async () => {
      const text = textOf(await render(db, { kind: 'college' }, format), format, dir);
      const caller = callerFor(db, viewer('leader'));
      const kpis = await caller.overview.kpis({ period: '2025' });
      const compare = await caller.metrics.branches({ period: '2025' });
      const kpi = (key: string) => kpis.kpis.find((k) => k.key === key)!;
      expect(text).toContain('学校党委2025年党建工作评议报告');
      expect(text).toContain('支部对比');
      expect(text).toContain(formatPercent(kpi('complianceRate').value));
      expect(text).toContain(formatPercent(kpi('complianceRate').goal!.target));
      expect(text).toContain(`共 ${compare.rows.length} 个支部开展组织生活 ${compare.total!.sessions} 次`);
      const d = kpis.distribution.byStatus;
      expect(text).toContain(`达成 ${d.met} 个支部，接近 ${d.near} 个，未达 ${d.behind} 个`);
      for (const row of compare.rows) expect(text).toContain(row.branch.name);
    }, 120_000);

    it('a general branch report covers the branches under it only', async () => {
      const text = textOf(await render(db, { kind: 'unit', code: 'ZZ03' }, format), format, dir);
      const units = await db
        .selectFrom('units')
        .select('id')
        .where('code', '=', 'ZZ03')
        .executeTakeFirstOrThrow();
      const result = await callerFor(db, viewer('leader')).metrics.branches({
        period: '2025',
        parentId: units.id,
      });
      expect(result.rows.map((r) => r.branch.code)).toEqual(['XS002']);
      expect(text).toContain('药学院党总支2025年党建工作评议报告');
      expect(text).toContain('药学院学生党支部2');
      expect(text).not.toContain('行政第一党支部');
      expect(text).toContain(formatPercent(result.total!.complianceRate));
    }, 120_000);

    it('two runs in one process give the same bytes; another generation time changes them', async () => {
      const target: TReportTarget = { kind: 'unit', code: 'ZZ01' };
      const first = await render(db, target, format);
      const second = await render(db, target, format);
      expect(first.equals(second)).toBe(true);
      const later = await render(db, target, format, { generatedAt: '2026-01-06T02:30:00.000Z' });
      expect(later.equals(first)).toBe(false);
      expect(later.length).toBeGreaterThan(first.length * 0.99);
    }, 120_000);
  });

  it('a branch founded inside the year: its slots before the founding are named apart, not as 未到期 nor as due', async () => {
    // LT003 was founded on 2025-04-14: its months to April, Q1, Q2 and the year lie outside its existence.
    const text = textOf(await render(db, { kind: 'branch', code: 'LT003' }, 'docx'), 'docx', dir);
    const lt003 = (
      await db.selectFrom('units').select('id').where('code', '=', 'LT003').executeTakeFirstOrThrow()
    ).id;
    const { slots } = await callerFor(db, viewer('leader')).records.slots({
      period: '2025',
      branchId: lt003,
    });
    const count = (status: string) => slots.filter((s) => s.status === status).length;
    expect(count('outside')).toBeGreaterThan(0);
    expect(text).toContain(
      `完成 ${count('met')} 个时段，未完成 ${count('missed')} 个，未到期 0 个，不在存续期 ${count('outside')} 个`,
    );
    // Due 支部党员大会: Q3 and Q4 only.
    const meetings = slots.filter(
      (s) => s.type === 'general_meeting' && (s.status === 'met' || s.status === 'missed'),
    );
    expect(meetings.map((s) => s.slot)).toEqual(['2025-Q3', '2025-Q4']);
    expect(text).toContain('支部党员大会应召开 2 次');
  }, 120_000);

  it('a secretary gets her own branch in full and the others only by index and rank', async () => {
    const secretary = viewer('secretary', xz01);
    const text = textOf(await render(db, { kind: 'college' }, 'pdf', { viewer: secretary }), 'pdf', dir);
    const compare = await callerFor(db, secretary).metrics.branches({ period: '2025' });
    expect(compare.restricted.length).toBe(4);
    // One branch section (hers): the other branches appear in the comparison, without a section heading.
    expect(text).toContain('行政第一党支部（XZ01）');
    for (const r of compare.restricted) {
      expect(text).toContain(r.branch.name);
      expect(text).not.toContain(`${r.branch.name}（${r.branch.code}）`);
    }
  }, 120_000);

  it('refuses a secretary another branch, and unknown codes, in words', async () => {
    const other = await db
      .selectFrom('units')
      .select('id')
      .where('code', '=', 'XS002')
      .executeTakeFirstOrThrow();
    await expect(
      render(db, { kind: 'branch', code: 'XZ01' }, 'pdf', { viewer: viewer('secretary', other.id) }),
    ).rejects.toThrow('支部书记只能生成本支部的报告');
    await expect(render(db, { kind: 'branch', code: 'NOPE' }, 'pdf')).rejects.toThrow(
      '没有编号为 NOPE 的支部',
    );
    await expect(render(db, { kind: 'unit', code: 'XZ01' }, 'pdf')).rejects.toThrow(
      '没有编号为 XZ01 的党总支',
    );
  }, 120_000);

  it('embeds only the npm package font, as a subset', async () => {
    const file = join(dir, 'fonts.pdf');
    writeFileSync(file, await render(db, { kind: 'branch', code: 'XZ01' }, 'pdf'));
    const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts.status).toBe(0);
    const lines = fonts.stdout.trim().split('\n').slice(2);
    expect(lines.length).toBeGreaterThan(0);
    // name  type  encoding  emb sub uni: every font embedded and subsetted, every one Noto Sans Hans.
    for (const line of lines) {
      expect(line).toMatch(/^[A-Z]{6}\+NotoSansHans-(Regular|Bold)\s.*\syes\s+yes\s+yes\s/);
    }
  }, 120_000);
});
