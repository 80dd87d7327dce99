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
