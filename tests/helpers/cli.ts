import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../server/db/connection';
import { importPath } from '../../server/import';

/**
 * The project's CLI as tests run it: Node itself with tsx's loader (`npm run cli` without npm and the
 * tsx wrapper, each a process of its own: on a busy 2-core machine three process start-ups per call
 * made CLI tests slow enough to time out).
 */
export const CLI_COMMAND = process.execPath;

/** Arguments for `npm run cli -- <args>`, run from the repository root. */
export function cliArgs(...args: string[]): string[] {
  return ['--import', 'tsx', 'server/cli/index.ts', ...args];
}

/**
 * A database file in a fresh temporary folder with the mini fixture imported, and the CLI run against
 * it as `npm run cli -- <command> …` (stdout and stderr as text). `remove` deletes the folder.
 */
export async function cliOnMiniFixture(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbFile = join(dir, 'cli.db');
  const db = await openDatabase({ url: dbFile });
  const imported = await importPath(db, fileURLToPath(new URL('../fixtures/mini/', import.meta.url)));
  await db.destroy();
  if (!imported.ok) throw new Error('the mini fixture did not import');
  return {
    dir,
    run: (command: string, ...args: string[]) =>
      spawnSync(CLI_COMMAND, cliArgs(command, ...args), {
        cwd: fileURLToPath(new URL('../../', import.meta.url)),
        env: { ...process.env, DATABASE_URL: dbFile },
        encoding: 'utf8',
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
