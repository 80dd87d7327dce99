/** The metrics CLI, spawned like a user would: one JSON object on stdout equal to expected.json's case. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import { importPath } from '../../../server/import';
import { CLI_COMMAND, cliArgs } from '../../helpers/cli';
import { compareDeep } from './compare';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8'));

describe('npm run cli -- metrics', () => {
  let dir: string;
  let dbFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'metrics-cli-'));
    dbFile = join(dir, 'cli.db');
    const db = await openDatabase({ url: dbFile });
    expect((await importPath(db, fixture)).ok).toBe(true);
    await db.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) =>
    spawnSync(CLI_COMMAND, cliArgs('metrics', ...args), {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbFile },
      encoding: 'utf8',
    });

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
