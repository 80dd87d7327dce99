/** The metrics CLI, spawned like a user would: one JSON object on stdout equal to expected.json's case. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOnMiniFixture } from '../../helpers/cli';
import { compareDeep } from './compare';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8'));

describe('npm run cli -- metrics', () => {
  let mini: Awaited<ReturnType<typeof cliOnMiniFixture>>;
  beforeAll(async () => {
    mini = await cliOnMiniFixture('metrics-cli-');
  });
  afterAll(() => mini.remove());

  const cli = (...args: string[]) => mini.run('metrics', ...args);

  it('prints exactly the expected case as one JSON object', () => {
    const result = cli('--period', '2025-03-01..2025-08-31', '--as-of', '2025-12-31', '--json');
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(compareDeep(expected.cases[3], printed)).toEqual([]);
    expect(Object.keys(printed).sort()).toEqual(['asOf', 'branches', 'period', 'total']);
    expect(Object.keys(printed.total).sort()).toEqual(Object.keys(expected.cases[3].total).sort());
    expect(result.stderr).toContain('5');
  }, 60_000);

  it('rejects an asOf before the period with exit code 2 and nothing on stdout', () => {
    const result = cli('--period', '2025-Q2', '--as-of', '2025-03-31', '--json');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('2025-04-01');
  }, 60_000);
});
