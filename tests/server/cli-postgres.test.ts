/**
 * Every CLI command with `DATABASE_URL=postgres://…` (issue 13), spawned as a user runs it against a private
 * cluster: demo, import (and its undo), metrics, report and user do their work on PostgreSQL; backup and
 * restore, which use SQLite's online backup API, refuse with exit code 1, point to pg_dump -Fc / pg_restore
 * and change nothing — and that advice works. copy-db is tested in tests/server/db/copy-db.test.ts.
 * The tests run in order on one database: the demo college first, then what each command does to it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../server/auth/users';
import { COUNTED_TABLES } from '../../server/backup';
import { openDatabase } from '../../server/db/connection';
import type { Database } from '../../server/db/database';
import { findPostgresBinDir } from '../../server/db/postgres/cluster';
import { computeMetrics, toMetricsCase } from '../../server/metrics/report';
import { CLI_COMMAND, cliArgs } from '../helpers/cli';
import { setUpTestPostgres } from '../helpers/postgres';

const run = promisify(execFile);
/** The demo college's calendar: one year up to this day, metrics of 2025 as of the day before. */
const TODAY = '2025-06-30';

interface TCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(databaseUrl: string, ...args: string[]): Promise<TCliResult> {
  try {
    const { stdout, stderr } = await run(CLI_COMMAND, cliArgs(...args), {
      env: { ...process.env, DATABASE_URL: databaseUrl, ATTACHMENTS_DIR: join(dir, 'attachments') },
      maxBuffer: 64 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

type TRowCounts = Record<(typeof COUNTED_TABLES)[number]['table'], number>;

async function rowCounts(db: Kysely<Database>): Promise<TRowCounts> {
  const counts: Partial<TRowCounts> = {};
  for (const { table } of COUNTED_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts as TRowCounts;
}

/** What `metrics --json` prints, computed by the engine in this process on the same database. */
async function engineMetrics(db: Kysely<Database>) {
  const metricsCase = toMetricsCase(await computeMetrics(db, { period: '2025', today: TODAY }));
  const { complianceByType: _byType, projectsByLevel: _byLevel, ...total } = metricsCase.total;
  return JSON.parse(JSON.stringify({ ...metricsCase, total }));
}

const dir = mkdtempSync(join(tmpdir(), 'cli-postgres-'));

describe('npm run cli on PostgreSQL', { timeout: 180_000 }, () => {
  const postgres = setUpTestPostgres();
  let url: string;
  let db: Kysely<Database>;
  const cli = (...args: string[]) => runCli(url, ...args);

  beforeAll(async () => {
    url = await postgres.createDatabaseUrl();
    db = await openDatabase({ url, migrate: false });
  }, 180_000);
  // Registered after the cluster's hooks, so it runs before the cluster stops.
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('demo loads the demo college into the empty database, and only once', async () => {
    const loaded = await cli('demo', '--branches', '4', '--years', '1', '--today', TODAY, '--seed', '7');
    expect(loaded.code, loaded.stderr).toBe(0);
    const counts = await rowCounts(db);
    const printed = /units (\d+), 党员 members (\d+), 组织生活 activities (\d+)/.exec(loaded.stderr);
    expect(printed?.slice(1).map(Number)).toEqual([counts.units, counts.members, counts.activities]);
    expect(counts.activities).toBeGreaterThan(0);

    const again = await cli('demo', '--branches', '4', '--years', '1', '--today', TODAY);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`已有 ${counts.units} 个组织`);
    expect(await rowCounts(db)).toEqual(counts);
  });

  it('metrics --json prints what the engine computes on the same database', async () => {
    const result = await cli('metrics', '--period', '2025', '--today', TODAY, '--json');
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual(await engineMetrics(db));
    expect(Object.keys(printed.branches)).toHaveLength(4);
    expect(printed.total.sessions).toBeGreaterThan(0);
  });

  it('import adds a branch and an activity after the demo rows, metrics count it, --undo takes it back', async () => {
    const before = await rowCounts(db);
    const sessionsBefore = (await engineMetrics(db)).branches.XZ01.sessions as number;
    const parent = await db
      .selectFrom('units as b')
      .innerJoin('units as p', 'p.id', 'b.parent_id')
      .where('b.code', '=', 'XZ01')
      .select('p.code')
      .executeTakeFirstOrThrow();
    const sheets = join(dir, 'sheets');
    mkdirSync(sheets);
    writeFileSync(
      join(sheets, '组织.csv'),
      `编号,名称,层级,上级编号,类型,成立日期,撤销日期,设党小组\nXZ99,冒烟测试党支部,党支部,${parent.code},行政,2024-01-01,,否\n`,
    );
    writeFileSync(
      join(sheets, '组织生活.csv'),
      '支部编号,日期,类型,主题,形式,内容模块,应到人数,实到人数,结合业务,重温入党誓词,交纳党费,书记讲党课,分享党员,备注\n' +
        'XZ01,2025-05-20,主题党日,冒烟测试主题党日,研讨交流,党性锤炼,10,9,是,否,是,否,,\n',
    );

    const dryRun = await cli('import', sheets, '--dry-run');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('组织生活: 新增 1');
    expect(await rowCounts(db)).toEqual(before);

    const imported = await cli('import', sheets);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('组织: 新增 1');
    expect(imported.stdout).toContain('组织生活: 新增 1');
    // New rows take ids after the demo's (its ids were written explicitly; the sequences must follow).
    // Not exactly the next one: the dry run's rolled-back insert used a sequence value up.
    const unit = await db
      .selectFrom('units')
      .where('code', '=', 'XZ99')
      .select('id')
      .executeTakeFirstOrThrow();
    expect(unit.id).toBeGreaterThan(before.units);
    expect(await rowCounts(db)).toMatchObject({
      units: before.units + 1,
      activities: before.activities + 1,
    });
    expect((await engineMetrics(db)).branches.XZ01.sessions).toBe(sessionsBefore + 1);
    const printedAfter = JSON.parse(
      (await cli('metrics', '--period', '2025', '--today', TODAY, '--json')).stdout,
    );
    expect(printedAfter.branches.XZ01.sessions).toBe(sessionsBefore + 1);

    const importId = /导入记录 #(\d+)/.exec(imported.stdout)?.[1];
    expect(importId).toBeDefined();
    const undone = await cli('import', '--undo', importId as string);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain(`已撤销导入 #${importId}`);
    expect(await rowCounts(db)).toMatchObject({ units: before.units, activities: before.activities });
    expect((await engineMetrics(db)).branches.XZ01.sessions).toBe(sessionsBefore);
  });

  // Two documents drawn on a busy machine: 60 s when another test file runs beside it.
  it('report writes the college report (docx) and a branch report (pdf)', { timeout: 300_000 }, async () => {
    const docx = join(dir, 'college.docx');
    const college = await cli(
      'report',
      '--period',
      '2025',
      '--today',
      TODAY,
      '--format',
      'docx',
      '--out',
      docx,
    );
    expect(college.code, college.stderr).toBe(0);
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');

    const pdf = join(dir, 'xz01.pdf');
    const branch = await cli(
      'report',
      '--period',
      '2025',
      '--today',
      TODAY,
      '--branch',
      'XZ01',
      '--format',
      'pdf',
      '--out',
      pdf,
    );
    expect(branch.code, branch.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(branch.stderr).toContain('行政第一党支部');
  });

  it('user adds, lists, resets, disables and enables accounts', async () => {
    const added = await cli(
      'user',
      'add',
      '--username',
      'xz01',
      '--name',
      '李四',
      '--role',
      'secretary',
      '--branch',
      'XZ01',
      '--password',
      'first-secret-1',
    );
    expect(added.code, added.stderr).toBe(0);
    const row = await db
      .selectFrom('users as u')
      .innerJoin('units as b', 'b.id', 'u.branch_id')
      .where('u.username', '=', 'xz01')
      .select(['u.role', 'b.code'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'secretary', code: 'XZ01' });

    const listed = JSON.parse((await cli('user', 'list', '--json')).stdout) as { username: string }[];
    expect(listed.map((u) => u.username)).toEqual(['xz01']);

    const unknown = await cli(
      'user',
      'add',
      '--username',
      'u2',
      '--name',
      '王五',
      '--role',
      'secretary',
      '--branch',
      'NOPE',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('支部编码不存在：NOPE');
    expect((await rowCounts(db)).users).toBe(1);

    const reset = await cli('user', 'reset-password', '--username', 'xz01');
    expect(reset.code, reset.stderr).toBe(0);
    const password = /shown once\): (\S+)/.exec(reset.stdout)?.[1] ?? '';
    const signIn = () => login(db, { username: 'xz01', password, address: 'cli-postgres-test' });
    expect((await signIn()).ok).toBe(true);

    expect((await cli('user', 'disable', '--username', 'xz01')).code).toBe(0);
    expect(await signIn()).toMatchObject({ ok: false, reason: 'disabled' });
    expect((await cli('user', 'enable', '--username', 'xz01')).code).toBe(0);
    expect((await signIn()).ok).toBe(true);
  });

  it('backup refuses with exit code 1, points to pg_dump -Fc and writes nothing', async () => {
    const before = await rowCounts(db);
    const file = join(dir, 'backup.db');
    for (const [lang, hint] of [
      ['zh', '请用 pg_dump -Fc 备份'],
      ['en', 'Back it up with pg_dump -Fc'],
    ] as const) {
      const refused = await cli('backup', file, '--lang', lang);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(hint);
      expect(refused.stderr).toContain('pg_restore');
      expect(refused.stdout).toBe('');
    }
    expect(existsSync(file)).toBe(false);
    expect(await rowCounts(db)).toEqual(before);
  });

  it('restore refuses with exit code 1, points to pg_restore and changes nothing', async () => {
    const before = await rowCounts(db);
    const file = join(dir, 'some-backup.db');
    writeFileSync(file, 'not a database');
    const refused = await cli('restore', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pg_restore --clean --if-exists');
    expect(refused.stderr).toContain('未恢复，数据库未作任何修改。');
    expect(readFileSync(file, 'utf8')).toBe('not a database');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('the pg_dump -Fc / pg_restore the refusal names copies the database whole', async () => {
    const bin = findPostgresBinDir() as string;
    const dump = join(dir, 'college.dump');
    await run(join(bin, 'pg_dump'), ['-Fc', '-f', dump, url]);
    const copyUrl = await postgres.createDatabaseUrl();
    await run(join(bin, 'pg_restore'), ['--clean', '--if-exists', '--no-owner', '-d', copyUrl, dump]);
    const copy = await openDatabase({ url: copyUrl, migrate: false });
    try {
      expect(await rowCounts(copy)).toEqual(await rowCounts(db));
      const printed = JSON.parse(
        (await runCli(copyUrl, 'metrics', '--period', '2025', '--today', TODAY, '--json')).stdout,
      );
      expect(printed).toEqual(await engineMetrics(db));
    } finally {
      await copy.destroy();
    }
  });
});
