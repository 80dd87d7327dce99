/**
 * `npm run screenshots`: starts the app on a fresh demo database and walks every page × role (the demo
 * admin, leader and secretary of XZ01; the login page signed out) × language × theme, saving each to
 * tests/e2e/screenshots/<page>-<role>-<lang>-<theme>.png (git-ignored), to be looked at after UI changes.
 * Phones (390×844) and the big screen at 1366×768 … 3840×2160 are pages of their own. A page that does not
 * show is reported and the walk goes on (exit code 1 at the end). `npm run screenshots -- overview screen`
 * takes only the named pages, `--role secretary` only one role. The import pages get data first: one
 * import is confirmed (so 导入记录 lists it), and the preview page uploads a workbook that changes a branch
 * and a goal and adds a goal.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { SHEETS } from '../../shared/import-format';
import { type AppProcess, startApp } from './helpers/app-process';
import { launchBrowser } from './helpers/browser';
import { ensureClientBuilt, ROOT } from './helpers/client-build';
import { waitForSettledPage } from './helpers/page-ready';

type TRole = 'admin' | 'leader' | 'secretary';
const ROLES: readonly TRole[] = ['admin', 'leader', 'secretary'];
const PASSWORDS: Record<TRole, string> = {
  admin: 'admin-demo',
  leader: 'leader-demo',
  secretary: 'secretary-demo',
};

interface TShotPage {
  name: string;
  path: string;
  /** A selector that exists once the page shows its data. */
  ready: string;
  viewport?: { width: number; height: number };
  /** The roles that open it (default: every role); `signedOut`: taken once, without a session. */
  roles?: readonly TRole[] | 'signedOut';
  /** Clicked once the page is ready (opens a form); then `shows` is waited for. */
  click?: string;
  shows?: string;
  /** The whole page, also with a viewport given (phones). */
  isFullPage?: boolean;
  /** Uploads the preview workbook once the page is there (the import preview). */
  isUpload?: boolean;
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
/** A secretary's home (her branch, what is due and overdue) and the activity form. */
const SECRETARY_HOME = {
  path: '/branch/XZ01',
  ready: '[data-testid="branch-agenda"]',
  roles: ['secretary'],
} as const;
const RECORD_FORM = '.record-drawer .ant-drawer-body form';

const KPIS = '[data-testid="kpi-value-index"]';
const GRID = 'table.virtual-grid tbody tr[data-row-id]';
const SLOTS = '[data-testid="slot-grid"]';
/** The big screen is always dark; it is laid out for any screen from 1366×768 to 3840×2160. */
const SCREEN = { path: '/screen', ready: '[data-testid="ranking-chart"] canvas' } as const;

const PAGES = [
  { name: 'login', path: '/login', ready: '[data-testid="login-page"]', roles: 'signedOut' },
  { name: 'overview', path: '/overview', ready: KPIS },
  { name: 'overview-phone', path: '/overview', ready: KPIS, viewport: PHONE, isFullPage: true },
  { name: 'screen', ...SCREEN, viewport: { width: 1920, height: 1080 } },
  { name: 'screen-1366x768', ...SCREEN, viewport: { width: 1366, height: 768 }, roles: ['admin'] },
  { name: 'screen-3840x2160', ...SCREEN, viewport: { width: 3840, height: 2160 }, roles: ['admin'] },
  { name: 'compare', path: '/compare', ready: GRID },
  {
    name: 'compare-selected',
    path: '/compare?delta=1&rank=category&category=student&sel=XZ01,JG01,XS02&sort=index.desc',
    ready: '[data-testid="compare-radar"] canvas',
  },
  { name: 'compare-phone', path: '/compare', ready: GRID, viewport: PHONE },
  { name: 'branch-detail', path: '/branch/XZ01', ready: SLOTS },
  {
    name: 'report-menu',
    path: '/overview',
    ready: KPIS,
    click: '[data-testid="report-button"]',
    shows: '[data-testid="report-button-docx"]',
  },
  {
    name: 'report-menu-phone',
    path: '/branch/XZ01',
    ready: SLOTS,
    viewport: PHONE,
    click: '[data-testid="report-button"]',
    shows: '[data-testid="report-button-pdf"]',
  },
  { name: 'branch-detail-phone', path: '/branch/XZ01', ready: SLOTS, viewport: PHONE, isFullPage: true },
  {
    name: 'branch-detail-drill',
    path: '/branch/XZ01?drill=sessions',
    ready: '.records-drawer table.data-table tbody tr',
  },
  // A secretary's /branch is her own branch (branch-detail above).
  {
    name: 'branch-picker',
    path: '/branch',
    ready: '[data-testid="branch-select"]',
    roles: ['admin', 'leader'],
  },
  { name: 'goals', path: '/goals?year=2025', ready: '[data-testid="goals-table"] tbody tr[data-goal]' },
  // The card's title, 导出 and the admin's buttons in its header; the table scrolls sideways.
  {
    name: 'goals-phone',
    path: '/goals?year=2025',
    ready: '[data-testid="goals-table"] tbody tr[data-goal]',
    viewport: PHONE,
  },
  { name: 'branches', path: '/data', ready: 'table.data-table tbody tr' },
  {
    name: 'branches-sorted',
    path: '/data?sort=activitiesThisYear.desc',
    ready: 'table.data-table tbody tr',
    roles: ['admin'],
  },
  { name: 'data-import', path: '/data?tab=import', ready: '[data-testid="import-panel"]' },
  {
    name: 'data-audit',
    path: '/data?tab=audit',
    ready: '[data-testid="audit-log"] tbody tr.ant-table-row',
    roles: ['admin'],
  },
  { name: 'not-found', path: '/reports/2025', ready: '[data-testid="not-found"]' },
  { name: 'members', path: '/members?period=2025&branch=XZ01', ready: GRID },
  {
    name: 'members-phone',
    path: '/members?period=2025&branch=XZ01',
    ready: GRID,
    viewport: PHONE,
    isFullPage: true,
  },
  { name: 'members-college', path: '/members?period=2025', ready: GRID, roles: ['admin'] },
  {
    name: 'members-transfer',
    path: '/members?period=2025&branch=XZ01',
    ready: '[data-testid="roster-transfer"]',
    roles: ['admin'],
    click: '[data-testid="roster-transfer"]',
    shows: '.ant-modal [data-testid="transfer-target"]',
  },
  { name: 'org-units', path: '/org', ready: 'table.data-table tbody tr', roles: ['admin'] },
  {
    name: 'org-units-phone',
    path: '/org',
    ready: 'table.data-table tbody tr',
    roles: ['admin'],
    viewport: PHONE,
  },
  {
    name: 'org-unit-form',
    path: '/org',
    ready: '[data-testid="unit-edit"]',
    roles: ['admin'],
    click: '[data-testid="unit-edit"]',
    shows: RECORD_FORM,
  },
  { name: 'org-accounts', path: '/org?tab=accounts', ready: 'table.data-table tbody tr', roles: ['admin'] },
  {
    name: 'org-accounts-phone',
    path: '/org?tab=accounts',
    ready: 'table.data-table tbody tr',
    roles: ['admin'],
    viewport: PHONE,
  },
  {
    name: 'data-import-preview',
    path: '/data?tab=import',
    ready: '[data-testid="import-confirm"]',
    isUpload: true,
    roles: ['admin'],
  },
  {
    name: 'data-history',
    path: '/data?tab=history',
    ready: '[data-testid="import-history-rows"] tr[data-import]',
    roles: ['admin', 'secretary'],
  },
  {
    name: 'data-history-phone',
    path: '/data?tab=history',
    ready: '[data-testid="import-history-rows"] tr[data-import]',
    roles: ['admin'],
    viewport: PHONE,
  },
  { name: 'secretary-home-phone', ...SECRETARY_HOME, viewport: PHONE, isFullPage: true },
  { name: 'secretary-home', ...SECRETARY_HOME, viewport: DESKTOP, isFullPage: true },
  {
    name: 'activity-form-phone',
    ...SECRETARY_HOME,
    viewport: PHONE,
    click: '[data-testid="agenda-record"], [data-testid="agenda-overdue-slot"]',
    shows: RECORD_FORM,
  },
  {
    name: 'activity-form',
    ...SECRETARY_HOME,
    viewport: DESKTOP,
    click: '[data-testid="record-activity"]',
    shows: RECORD_FORM,
  },
] as const satisfies readonly TShotPage[];

/** A workbook of the given sheets (Chinese sheet names, header row first). */
async function workbook(sheets: Record<string, (string | number | null)[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const header = (sheet: keyof typeof SHEETS) => SHEETS[sheet].columns.map((c) => c.zh);

/** The preview's workbook, from the demo database: XZ01 renamed, its goal of this year moved, a new goal. */
async function previewWorkbook(databasePath: string): Promise<Buffer> {
  const sqlite = new SQLite(databasePath, { readonly: true });
  try {
    const unit = sqlite
      .prepare(
        `select u.code, u.name, u.established_on, p.code as parent from units u
         left join units p on p.id = u.parent_id where u.code = 'XZ01'`,
      )
      .get() as { code: string; name: string; established_on: string; parent: string | null };
    const goal = sqlite
      .prepare(
        `select year, metric, target from goals where scope_type = 'all' order by year desc, metric limit 1`,
      )
      .get() as { year: number; metric: string; target: number };
    return workbook({
      组织: [
        header('units'),
        [unit.code, `${unit.name}（更名）`, '党支部', unit.parent, '行政', '2021-09-01', null, '是'],
      ],
      目标: [
        header('goals'),
        [goal.year, '全部', goal.metric, goal.target * 0.9],
        [2030, '全部', 'sessions', 40],
      ],
    });
  } finally {
    sqlite.close();
  }
}

/** Confirms one import through the API, so the history has an entry. */
async function importOnce(page: Page, app: AppProcess): Promise<void> {
  const body = await workbook({ 目标: [header('goals'), [2031, '全部', 'sessions', 45]] });
  const preview = await page.request.post(
    `${app.url}/api/import?name=${encodeURIComponent('2031年目标.xlsx')}`,
    {
      headers: { 'content-type': 'application/octet-stream' },
      data: body,
    },
  );
  const { previewId } = (await preview.json()) as { previewId: string | null };
  const commit = await page.request.post(`${app.url}/api/import/commit`, { data: { previewId } });
  if (!commit.ok()) throw new Error(`demo import failed: ${commit.status()} ${await commit.text()}`);
}

/** `npm run screenshots -- overview screen --role leader`: the names of the pages, and one role. */
function readArguments(args: readonly string[]): { names: string[]; role: TRole | undefined } {
  const at = args.indexOf('--role');
  const role = at >= 0 ? args[at + 1] : undefined;
  if (role !== undefined && !ROLES.includes(role as TRole))
    throw new Error(`--role ${role}: ${ROLES.join(', ')}`);
  return {
    names: args.filter((arg, i) => !arg.startsWith('--') && (at < 0 || i !== at + 1)),
    role: role as TRole | undefined,
  };
}

/** Whether a role (null: signed out) takes a page. */
function isTakenBy(shot: TShotPage, role: TRole | null): boolean {
  if (shot.roles === 'signedOut') return role === null;
  return role !== null && (shot.roles ?? ROLES).includes(role);
}

async function main(): Promise<void> {
  const wanted = readArguments(process.argv.slice(2));
  await ensureClientBuilt();
  const outDir = join(ROOT, 'tests', 'e2e', 'screenshots');
  mkdirSync(outDir, { recursive: true });
  const databasePath = join(mkdtempSync(join(tmpdir(), 'pbd-shots-')), 'app.db');
  const app = await startApp({ DATABASE_URL: databasePath, DEMO: 'on' }, 300_000);
  const browser = await launchBrowser();
  const failures: string[] = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    /** A fresh session as the role's demo account (null: none). */
    const signIn = async (role: TRole | null) => {
      await browser.clearCookies();
      if (!role) return;
      const login = await page.request.post(`${app.url}/trpc/auth.login`, {
        data: { username: role, password: PASSWORDS[role] },
      });
      if (!login.ok()) throw new Error(`demo sign-in failed: ${login.status()} ${await login.text()}`);
    };
    await signIn('admin');
    await importOnce(page, app);
    const upload = await previewWorkbook(databasePath);
    const named: readonly TShotPage[] = wanted.names.length
      ? PAGES.filter((p) => wanted.names.includes(p.name))
      : PAGES;
    for (const role of [null, ...ROLES]) {
      if (wanted.role && role !== wanted.role) continue;
      const pages = named.filter((shot) => isTakenBy(shot, role));
      if (pages.length === 0) continue;
      await signIn(role);
      for (const lang of ['zh', 'en'] as const) {
        for (const theme of ['light', 'dark'] as const) {
          for (const { name, path, ready, viewport, click, shows, isFullPage, isUpload } of pages) {
            const file = join(outDir, `${name}-${role ?? 'guest'}-${lang}-${theme}.png`);
            try {
              await page.setViewportSize(viewport ?? { width: 1440, height: 900 });
              const separator = path.includes('?') ? '&' : '?';
              await page.goto(`${app.url}${path}${separator}lang=${lang}&theme=${theme}`);
              if (isUpload) {
                await page.locator('[data-testid="import-panel"] input[type="file"]').setInputFiles({
                  name: '支部与目标.xlsx',
                  mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                  buffer: upload,
                });
                await page.getByTestId('import-start').click();
              }
              await page.locator(ready).first().waitFor();
              if (click) {
                await page.locator(click).first().click();
                if (shows) await page.locator(shows).first().waitFor();
              }
              await waitForSettledPage(page);
              await page.screenshot({ path: file, fullPage: isFullPage ?? !viewport });
              console.log(file);
            } catch (error) {
              failures.push(
                `${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
              );
              console.error(failures.at(-1));
            }
          }
        }
      }
    }
  } finally {
    await browser.close();
    await app.stop();
  }
  if (failures.length > 0) {
    console.error(`${failures.length} page(s) did not show:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
