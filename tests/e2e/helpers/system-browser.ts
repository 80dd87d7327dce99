/**
 * What the browser tests need from the system: Debian's chromium (or `CHROMIUM_PATH`) and a font with
 * Chinese glyphs (without one every Chinese character renders as a box in the screenshots); what the
 * review report's tests read PDFs with: poppler-utils (pdftotext, pdftoppm); and the PostgreSQL server
 * the server tests start private clusters of (tests/helpers/postgres.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findPostgresBinDir } from '../../../server/db/postgres/cluster';

/** The Debian packages that bring them. */
export const SYSTEM_PACKAGES = ['chromium', 'fonts-wqy-microhei', 'poppler-utils', 'postgresql'] as const;

/** The one command that installs them, for a user who is not root. */
export const INSTALL_COMMAND = `sudo apt-get install -y ${SYSTEM_PACKAGES.join(' ')}`;

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** True when fontconfig knows a font that covers Chinese. */
function hasChineseFont(): boolean {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return fonts.status === 0 && fonts.stdout.trim() !== '';
}

/** The packages of SYSTEM_PACKAGES that are missing (a set CHROMIUM_PATH is the user's to fix, not apt's). */
export function missingSystemPackages(): string[] {
  const missing: string[] = [];
  if (!existsSync(chromiumPath()) && !process.env.CHROMIUM_PATH) missing.push('chromium');
  if (!hasChineseFont()) missing.push('fonts-wqy-microhei');
  if (spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status !== 0) missing.push('poppler-utils');
  if (!findPostgresBinDir()) missing.push('postgresql');
  return missing;
}
