import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../server/auth/users';
import { openDatabase } from '../../../server/db/connection';
import { CLI_COMMAND, cliArgs } from '../../helpers/cli';
import { seedTwoBranches } from './auth-fixtures';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'user-cli-'));
const databaseUrl = join(dir, 'app.db');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(CLI_COMMAND, cliArgs('user', ...args), {
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: databaseUrl });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  await withDb((db) => seedTwoBranches(db));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cli -- user', () => {
  it('adds an admin with a generated password printed once, which then signs in', async () => {
    const result = await cli('add', '--username', 'boss', '--name', '张三', '--role', 'admin');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('已创建账号');
    const password = /shown once\): (\S+)/.exec(result.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const signedIn = await withDb((db) =>
      login(db, { username: 'boss', password: password ?? '', address: 'cli-test' }),
    );
    expect(signedIn.ok).toBe(true);
  });

  it('adds a secretary of a branch by code, with a given password', async () => {
    const result = await cli(
      'add',
      '--username',
      'xz',
      '--name',
      '李四',
      '--role',
      '支部书记',
      '--branch',
      'XZ01',
      '--password',
      'secret-xz01',
    );
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).not.toContain('secret-xz01');
    const listed = JSON.parse((await cli('list', '--json')).stdout) as {
      username: string;
      branchCode: string | null;
    }[];
    expect(listed.map((u) => [u.username, u.branchCode])).toEqual([
      ['boss', null],
      ['xz', 'XZ01'],
    ]);
  });

  it.each([
    [['add', '--username', 'u1', '--name', '王五', '--role', 'king'], '未知角色'],
    [
      ['add', '--username', 'u2', '--name', '王五', '--role', 'secretary'],
      '支部书记必须用 --branch 指定支部编码',
    ],
    [
      ['add', '--username', 'u3', '--name', '王五', '--role', 'secretary', '--branch', 'NOPE'],
      '支部编码不存在：NOPE',
    ],
    [['add', '--username', 'boss', '--name', '王五', '--role', 'leader'], '用户名已存在：boss'],
    [['add', '--username', 'u4', '--name', '王五', '--role', 'leader', '--password', '1234567'], '密码太短'],
    [['disable', '--username', 'boss'], '不能停用最后一个'],
    [['reset-password', '--username', 'ghost'], '用户不存在：ghost'],
  ])('fails clearly: %j', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('resets a password and disables an account', { timeout: 120_000 }, async () => {
    const reset = await cli('reset-password', '--username', 'xz', '--password', 'new-secret-1');
    expect(reset.code).toBe(0);
    expect(
      (await withDb((db) => login(db, { username: 'xz', password: 'new-secret-1', address: 'cli-test' }))).ok,
    ).toBe(true);
    expect((await cli('disable', '--username', 'xz')).code).toBe(0);
    expect(
      await withDb((db) => login(db, { username: 'xz', password: 'new-secret-1', address: 'cli-test' })),
    ).toMatchObject({
      ok: false,
      reason: 'disabled',
    });
    expect((await cli('list')).stdout).toMatch(/xz\t李四\t支部书记\tXZ01 行政第一党支部\t已停用/);
  });

  it('prints usage for a missing subcommand argument', async () => {
    const result = await cli('add', '--name', '无名', '--role', 'admin');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('缺少参数 --username');
  });
});
