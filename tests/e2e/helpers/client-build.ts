import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when dist/ is missing or older than a source of the client. */
export function isClientBuildStale(): boolean {
  const index = join(ROOT, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newestMtime(join(ROOT, 'client')),
    newestMtime(join(ROOT, 'shared')),
    newestMtime(join(ROOT, 'vite.config.ts')),
    newestMtime(join(ROOT, 'package-lock.json')),
  );
  return statSync(index).mtimeMs < sources;
}

/**
 * Builds the client once when it is stale. A lock directory keeps two test files that start at the same
 * time from building into the same dist/ together.
 */
export async function ensureClientBuilt(): Promise<void> {
  const lock = join(ROOT, '.tmp', 'client-build.lock');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`client build lock held too long: ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (isClientBuildStale()) {
      execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
        cwd: ROOT,
        stdio: 'inherit',
        // Vitest sets NODE_ENV=test, and vite keeps an inherited NODE_ENV: that would bundle React's
        // development build (3× the size, several times slower) into the dist/ every e2e test serves.
        env: { ...process.env, NODE_ENV: 'production' },
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
