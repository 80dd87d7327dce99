/**
 * Chart exports (issue 12): the file name says what, whom and when, and the exported SVG — rendered by
 * the same function the browser calls, ECharts' SVG renderer without a DOM — carries the title, the
 * subject, the period, 统计截至 and the source line, and every name of a long ranking.
 */
import { describe, expect, it } from 'vitest';
import { buildRankingOption } from '../../client/src/features/compare/compare-charts';
import { toCompareRow } from '../../client/src/features/compare/compare-metrics';
import {
  buildExportOption,
  chartExportFileName,
  pngPixelRatio,
  renderChartSvg,
} from '../../client/src/lib/chart-export';

const scope = { subject: '行政第一党支部', period: '2025', asOf: '2025-12-31' };
const barOption = {
  grid: { left: 40, right: 20, top: 30, bottom: 40 },
  xAxis: { type: 'category', data: ['一月', '二月'] },
  yAxis: { type: 'value' },
  series: [{ type: 'bar', data: [3, 5] }],
};

/** ECharts writes text as <text> elements; entities decoded so the assertions read like the page. */
function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? '').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&'),
  );
}

describe('chart export file names', () => {
  it('names subject, period and title: 行政第一党支部_2025年_目标达成.png', () => {
    expect(chartExportFileName('目标达成', scope, 'zh', 'png')).toBe('行政第一党支部_2025年_目标达成.png');
    expect(chartExportFileName('目标达成', { ...scope, period: '2025-Q2' }, 'zh', 'svg')).toBe(
      '行政第一党支部_2025年第2季度_目标达成.svg',
    );
  });

  it('clears what a file system refuses and joins a title’s parts with a dash', () => {
    expect(
      chartExportFileName('指标排名 · 综合指数', { subject: 'A/B: "x"', period: '2025' }, 'zh', 'png'),
    ).toBe('A-B-x_2025年_指标排名-综合指数.png');
    expect(chartExportFileName('Ranking', { subject: '', period: '2025-03' }, 'en', 'svg')).toBe(
      'March-2025_Ranking.svg',
    );
  });
});

describe('the exported image', () => {
  it('draws title, subject, period, 统计截至 and the source line into the SVG', () => {
    const { svg, width, height } = renderChartSvg({
      option: barOption,
      title: '目标达成',
      scope,
      lang: 'zh',
      height: 300,
      today: '2026-01-05',
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(width).toBe(1200);
    expect(height).toBeGreaterThan(300);
    const texts = textsOf(svg);
    expect(texts).toContain('目标达成');
    expect(texts).toContain('行政第一党支部 · 2025年 · 统计截至 2025-12-31');
    expect(texts).toContain('数据来源：党建成效分析看板 · 导出于 2026-01-05');
    // The light theme whatever the screen's: a white background.
    expect(svg).toMatch(/fill="#ffffff"|fill="#fff"|background(-color)?:\s*#fff/i);
  });

  it('speaks English in an English interface', () => {
    const { svg } = renderChartSvg({
      option: barOption,
      title: 'Goals',
      scope: { ...scope, subject: 'Admin branch 1' },
      lang: 'en',
      height: 300,
      today: '2026-01-05',
    });
    const texts = textsOf(svg);
    expect(texts).toContain('Admin branch 1 · 2025 · as of 2025-12-31');
    expect(texts.some((t) => t.startsWith('Source: '))).toBe(true);
  });

  it('moves the grid clear of the title and source lines and drops the zoom window', () => {
    const { option } = buildExportOption({
      option: { ...barOption, dataZoom: [{ type: 'inside' }] },
      title: 't',
      scope,
      lang: 'zh',
      height: 300,
    });
    const grid = option.grid as { top: number; bottom: number };
    expect(grid.top).toBeGreaterThan(30 + 60);
    expect(grid.bottom).toBeGreaterThan(40);
    expect(option.dataZoom).toEqual([]);
    expect(option.animation).toBe(false);
  });

  it('puts every branch name of a 120-branch ranking into the image, tall enough for each', () => {
    const rows = Array.from({ length: 120 }, (_, i) =>
      toCompareRow({
        branch: {
          id: i + 1,
          code: `B${String(i).padStart(3, '0')}`,
          // Long names too: the screen cuts them at the axis' width, the export never.
          name: i % 3 === 0 ? `医学技术学院离退休第${i + 1}党支部（含附属医院）` : `第${i + 1}支部`,
          category: 'admin',
          parentId: null,
          parentCode: null,
          parentName: null,
          establishedOn: '2020-01-01',
          dissolvedOn: null,
        },
        metrics: { index: i },
      }),
    );
    const ranking = buildRankingOption(rows, { lang: 'zh', metric: 'index' });
    const { svg, height } = renderChartSvg({
      option: ranking,
      title: '指标排名',
      scope,
      lang: 'zh',
      height: 890,
    });
    expect(height).toBeGreaterThanOrEqual(120 * 18);
    const texts = new Set(textsOf(svg));
    const missing = rows.map((r) => r.branch.name).filter((name) => !texts.has(name));
    expect(missing).toEqual([]);
  });

  it('keeps 2× pixels unless the canvas would be too tall for a browser', () => {
    expect(pngPixelRatio(1200, 900)).toBe(2);
    expect(pngPixelRatio(1200, 36_000)).toBeLessThan(1);
    expect(36_000 * pngPixelRatio(1200, 36_000)).toBeLessThanOrEqual(30_000);
  });
});
