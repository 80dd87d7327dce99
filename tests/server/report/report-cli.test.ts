/** `npm run cli -- report`, spawned like a user would: a PDF written, bad input refused with exit 2 and no file. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOnMiniFixture } from '../../helpers/cli';

describe('npm run cli -- report', () => {
  let fixture: Awaited<ReturnType<typeof cliOnMiniFixture>>;
  beforeAll(async () => {
    fixture = await cliOnMiniFixture('report-cli-');
  });
  afterAll(() => fixture.remove());

  const cli = (...args: string[]) => fixture.run('report', ...args);
  const dir = () => fixture.dir;

  it('writes the branch report as PDF with the branch and period in it', () => {
    const out = join(dir(), 'XZ01.pdf');
    const result = cli('--period', '2025', '--branch', 'XZ01', '--format', 'pdf', '--out', out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('行政第一党支部2025年党建工作评议报告');
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const text = spawnSync('pdftotext', [out, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('行政第一党支部');
    expect(text).toContain('统计截至 2025-12-31');
  }, 120_000);

  it('refuses bad input with exit code 2 and writes nothing', () => {
    const out = join(dir(), 'bad.pdf');
    const badFormat = cli('--period', '2025', '--format', 'odt', '--out', out);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain('--format 须为 pdf、docx 或 pptx');
    const both = cli(
      '--period',
      '2025',
      '--branch',
      'XZ01',
      '--unit',
      'ZZ01',
      '--format',
      'pdf',
      '--out',
      out,
    );
    expect(both.status).toBe(2);
    const unknown = cli('--period', '2025', '--branch', 'NOPE', '--format', 'pdf', '--out', out);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('没有编号为 NOPE 的支部');
    const badPeriod = cli('--period', '2025-13', '--format', 'pdf', '--out', out);
    expect(badPeriod.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
