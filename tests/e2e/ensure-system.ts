/**
 * The pre-step of `npm test` and `npm run screenshots` (package.json `pretest`, `prescreenshots`): the
 * browser tests need Debian's chromium and a Chinese font, the report tests poppler-utils, the server
 * tests on PostgreSQL Debian's postgresql (helpers/system-browser.ts). When one is missing, root installs
 * it with apt here, so a fresh machine needs no third command; anyone else gets the one command to run,
 * and the tests do not start (they would fail one by one with a launch error).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath, INSTALL_COMMAND, missingSystemPackages } from './helpers/system-browser';

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function stop(lines: string[]): never {
  console.error(lines.join('\n'));
  process.exit(1);
}

function main(): void {
  if (process.env.CHROMIUM_PATH && !existsSync(chromiumPath())) {
    stop([
      `CHROMIUM_PATH=${chromiumPath()}：没有这个文件。`,
      `CHROMIUM_PATH=${chromiumPath()}: no such file.`,
    ]);
  }
  const missing = missingSystemPackages();
  if (missing.length === 0) return;

  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    stop([
      `测试需要系统包：${missing.join('、')}。请先运行一次：`,
      `The tests need the system packages ${missing.join(', ')}. Run once:`,
      '',
      `  ${INSTALL_COMMAND}`,
      '',
      hasApt
        ? '然后再运行 npm test。 / Then run npm test again.'
        : '（不是 Debian/Ubuntu：请安装 Chromium、中文字体、poppler-utils 和 PostgreSQL，并设置 CHROMIUM_PATH 和 PG_BIN。 / Not Debian or Ubuntu: install Chromium, a Chinese font, poppler-utils and PostgreSQL, and set CHROMIUM_PATH and PG_BIN.）',
    ]);
  }

  console.log(`安装测试所需的系统包 / installing for the tests: ${missing.join(' ')}`);
  const isInstalled =
    run('apt-get', ['update']) &&
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]) &&
    missingSystemPackages().length === 0;
  if (!isInstalled) {
    stop([
      `安装失败：${missing.join(' ')}。请手动运行：`,
      `Installing ${missing.join(' ')} failed. Run it yourself:`,
      '',
      `  apt-get update && apt-get install -y ${missing.join(' ')}`,
    ]);
  }
}

main();
