import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { chromiumPath, INSTALL_COMMAND } from './system-browser';

/** Debian's chromium, headless; a throwaway profile per launch (docs/toolchain.md). */
export function launchBrowser(): Promise<BrowserContext> {
  // `npm test` checks this first (ensure-system.ts); `npx vitest run <file>` does not.
  if (!existsSync(chromiumPath())) throw new Error(`no browser at ${chromiumPath()}: ${INSTALL_COMMAND}`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pbd-chromium-')), {
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
}
