import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { editLine, MINI_DIR, miniCopy, setField } from './import-helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function cli(args: string[], databaseUrl: string) {
  return spawnSync('npx', ['tsx', 'server/cli/index.ts', 'import', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function countActivities(path: string): number {
  const sqlite = new SQLite(path, { readonly: true });
  try {
    return (sqlite.prepare('select count(*) as n from activities').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

describe('npm run cli -- import', () => {
  it('imports a folder, then refuses a bad file with every problem and exit code 1', () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'import-cli-')), 'app.db');
    const ok = cli([MINI_DIR], dbPath);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('组织生活: 新增 143，更新 0，未变 0');
    expect(ok.stdout).toContain('党员: 新增 103，更新 0，未变 0');
    expect(ok.stderr).toMatch(/用时 [\d.]+ 秒，峰值内存 \d+ MB/);
    expect(countActivities(dbPath)).toBe(143);

    const bad = miniCopy({ '组织生活.csv': (t) => editLine(t, 12, (l) => setField(l, 7, '二十')) });
    const failed = cli([join(bad, '组织生活.csv'), '--lang', 'en'], dbPath);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      'error: sheet Activities row 12 "Attended" value "二十": is not an integer',
    );
    expect(failed.stderr).toContain('the database was not changed');
    expect(countActivities(dbPath)).toBe(143);

    const usage = cli([], dbPath);
    expect(usage.status).toBe(2);
  });

  // Five runs of the CLI, each starting tsx: longer than the default 30 s on a busy machine.
  it('--dry-run says what would change and writes nothing; --undo takes an import back', {
    timeout: 150_000,
  }, () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'import-cli-')), 'app.db');
    expect(cli([MINI_DIR], dbPath).status).toBe(0);
    const edited = miniCopy({ '组织生活.csv': (t) => editLine(t, 2, (l) => setField(l, 7, '13')) });
    const dry = cli([edited, '--dry-run'], dbPath);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('试运行');
    expect(dry.stdout).toContain('组织生活: 新增 0，更新 1，未变 142');
    expect(dry.stdout).toContain(
      '组织生活 XZ01 · 2025-01-24 · 主题党日 · 2025年1月主题党日：学习党史: 实到人数 15 → 13',
    );
    const attended = () => {
      const sqlite = new SQLite(dbPath, { readonly: true });
      try {
        return (
          sqlite.prepare("select attended from activities where held_on = '2025-01-24'").get() as {
            attended: number;
          }
        ).attended;
      } finally {
        sqlite.close();
      }
    };
    expect(attended()).toBe(15);

    const done = cli([edited], dbPath);
    expect(done.status).toBe(0);
    const id = /导入记录 #(\d+)/.exec(done.stdout)?.[1];
    expect(id).toBeDefined();
    expect(attended()).toBe(13);
    const undo = cli(['--undo', String(id)], dbPath);
    expect(undo.status).toBe(0);
    expect(undo.stdout).toContain('组织生活 删除 0、恢复 1');
    expect(attended()).toBe(15);
    const again = cli(['--undo', String(id), '--lang', 'en'], dbPath);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('was already undone');
  });
});
