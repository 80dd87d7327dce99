/**
 * `npm run load` — the dashboard under load, over HTTP as browsers use it (issue 9). Bounded in time
 * and requests, loopback only. By default it copies the cached bench college (data/bench/, built as
 * `npm run bench` builds it) to a temp file, makes accounts and sessions in the copy, starts the real
 * server on it as a child process, lets `--sessions` users click through the pages (load-pages.ts) for
 * `--seconds`, optionally while an admin uploads a spreadsheet, then stops the server, deletes the copy
 * and prints req/s, p50/p95/p99 per procedure and page, errors, the server's RSS and the budgets.
 * `--backend postgres` (issue 13): the copy is a database on the bench's PostgreSQL cluster instead.
 *
 *   npm run load -- [--branches 2000] [--sessions 50] [--seconds 60] [--max-requests 200000]
 *                   [--think-ms 1000] [--seed 1] [--with-import] [--strict] [--backend sqlite|postgres]
 *                   [--url http://127.0.0.1:3000 [--accounts user:password,…] [--server-pid N]]
 *
 * Every flag also reads from the environment: LOAD_BRANCHES, LOAD_SESSIONS, LOAD_SECONDS, … (the flag
 * name in capitals, `-` as `_`; LOAD_WITH_IMPORT=1, LOAD_STRICT=1). See server/bench/README.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { todayIso } from '../../shared/schemas/date';
import { createSession } from '../auth/sessions';
import { addUser } from '../auth/users';
import { openDatabase } from '../db/connection';
import type { DemoActivity } from '../demo';
import { generateDemo } from '../demo';
import { createRng, mixSeed } from '../demo/prng';
import { toCsvText } from '../export/csv';
import { sheetHeader, toSheetCells } from '../export/sheet-cells';
import {
  BENCH_SEED,
  BENCH_TODAY,
  BENCH_YEARS,
  benchDatasetPath,
  ensureBenchDataset,
  openPostgresBenchDataset,
  startBenchPostgres,
} from './datasets';
import { assertLoopback, Browser, type TLoadSink } from './load-http';
import {
  pickPageView,
  type TBranchRef,
  type TPageContext,
  type TPeriodKind,
  type TRole,
  type TUserProfile,
  visitPage,
} from './load-pages';
import { formatMs, formatTable, LoadRecorder, latencyRows, type TLatency } from './load-stats';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Budgets of issue 9, set for 2,000 branches × 5 years and 50 sessions on the 2-core machine. */
const BUDGET = { pageP95Ms: 500, meP99Ms: 50, errors: 0, branches: 2000, sessions: 50 } as const;
/** The "worst procedure" of the budget line only counts procedures with this many calls. */
const MIN_CALLS_FOR_WORST = 20;
const DEFAULT_MAX_REQUESTS = 200_000;
/** Not page calls: the session check, sign-in and the upload have budgets of their own (or none). */
/** The page calls' p95 is also printed per this many seconds of the run. */
const PHASE_SECONDS = 10;

const isPageCall = (path: string) => !path.startsWith('auth.') && !path.startsWith('POST ');
const IMPORT_PATH = 'POST /api/import';
const COMMIT_PATH = 'POST /api/import/commit';
/** The first upload starts after this share of the run, the next this long after one ends. */
const IMPORT_START_SHARE = 0.2;
const IMPORT_PAUSE_MS = 10_000;
/** Every tenth row of the upload is edited (a note), so each upload writes, not just compares. */
const IMPORT_EDIT_EVERY = 10;
/** Of the edited rows, one in this many also has its attendance corrected (a metric changes). */
const IMPORT_COUNT_EDIT_EVERY = 20;
const SECRETARY_BRANCHES = 20;
/** Linux clock ticks per second (USER_HZ) for /proc/<pid>/stat. */
const CLOCK_TICKS = 100;

interface TOptions {
  branches: number;
  sessions: number;
  seconds: number;
  maxRequests: number;
  thinkMs: number;
  seed: number;
  withImport: boolean;
  strict: boolean;
  /** Where the started server's copy of the college lives (issue 13). */
  backend: 'sqlite' | 'postgres';
  url?: URL;
  accounts: string;
  serverPid?: number;
}

const USAGE = `usage: npm run load -- [--branches 2000] [--sessions 50] [--seconds 60] [--max-requests 200000]
        [--think-ms 1000] [--seed 1] [--with-import] [--strict] [--backend sqlite|postgres]
        [--url http://127.0.0.1:PORT [--accounts user:password,…] [--server-pid N]]`;

/** Item `i` of a list, counting on from its start past the end (users over accounts, round-robin). */
function roundRobin<T>(list: readonly T[], i: number): T {
  const item = list[i % list.length];
  if (item === undefined) throw new Error('round-robin over an empty list');
  return item;
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): TOptions {
  const flags = new Map<string, string>();
  const args = [...argv];
  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s) as [string, string | undefined];
    const isSwitch = name === 'with-import' || name === 'strict';
    flags.set(name, inline ?? (isSwitch ? '1' : (args.shift() ?? '')));
  }
  const known = [
    'branches',
    'sessions',
    'seconds',
    'max-requests',
    'think-ms',
    'seed',
    'with-import',
    'strict',
    'backend',
    'url',
    'accounts',
    'server-pid',
  ];
  for (const name of flags.keys())
    if (!known.includes(name)) throw new Error(`unknown option --${name}\n${USAGE}`);
  const raw = (name: string) => flags.get(name) ?? env[`LOAD_${name.toUpperCase().replace(/-/g, '_')}`];
  const int = (name: string, fallback: number, min: number) => {
    const text = raw(name);
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${name} needs an integer ≥ ${min}, got "${text}"`);
    return value;
  };
  const isOn = (name: string) => ['1', 'on', 'true', 'yes'].includes((raw(name) ?? '').toLowerCase());
  const urlText = raw('url');
  const url = urlText ? new URL(urlText) : undefined;
  if (url) assertLoopback(url);
  const serverPid = raw('server-pid') ? int('server-pid', 0, 1) : undefined;
  const backend = raw('backend') ?? 'sqlite';
  if (backend !== 'sqlite' && backend !== 'postgres')
    throw new Error(`--backend sqlite|postgres, got "${backend}"\n${USAGE}`);
  return {
    branches: int('branches', 2000, 1),
    sessions: int('sessions', 50, 1),
    seconds: int('seconds', 60, 1),
    maxRequests: int('max-requests', DEFAULT_MAX_REQUESTS, 1),
    thinkMs: int('think-ms', 1000, 0),
    seed: int('seed', 1, 0),
    withImport: isOn('with-import'),
    strict: isOn('strict'),
    backend,
    url,
    // The demo accounts of a server started with DEMO=on.
    accounts: raw('accounts') ?? 'admin:admin-demo,leader:leader-demo,secretary:secretary-demo',
    serverPid,
  };
}

/** The first day of the five years the users pick periods from (the bench college starts on it). */
function windowStart(today = todayIso()): string {
  return `${Number(today.slice(0, 4)) - (BENCH_YEARS - 1)}-01-01`;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** A setup-time sink: requests are not counted, a failure stops the run with its body. */
const SETUP_SINK: TLoadSink = {
  countRequest() {},
  noteResend() {},
  record(sample) {
    if (sample.error)
      throw new Error(`setup call ${sample.path} failed: ${sample.error.status} ${sample.error.body}`);
  },
};

/** A virtual user: who, and the session cookie it starts with. */
interface TVirtualUser {
  profile: TUserProfile;
  token: string;
}

interface TTarget {
  base: URL;
  users: TVirtualUser[];
  /** The admin session that uploads (--with-import). */
  importer?: TVirtualUser;
  /** Branches that admins and leaders open. */
  branches: TBranchRef[];
  describe: string;
  accountsLine: string;
  serverPid?: number;
  server?: ManagedServer;
  cleanup: () => Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Setup: a copy of the bench college with accounts, and the real server on it

/** The server listens on every address while the run lasts: the accounts get real passwords. */
const randomPassword = () => randomBytes(18).toString('base64url');

/** How many sessions each role gets: a fifth admins, a fifth leaders, the rest secretaries. */
function roleCounts(sessions: number): Record<TRole, number> {
  const admin = Math.round(sessions * 0.2);
  const leader = Math.round(sessions * 0.2);
  return { admin, leader, secretary: sessions - admin - leader };
}

async function prepareDatabase(
  file: string,
  sessions: number,
): Promise<{ users: TVirtualUser[]; importer: TVirtualUser; branches: TBranchRef[]; accountsLine: string }> {
  const db = await openDatabase({ url: file });
  try {
    // Branches that exist through the whole window: users reach a branch page from a list of the
    // period, so they do not ask for one in a period before it was founded (the server says 404).
    const branches = await db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('kind', '=', 'branch')
      .where('dissolved_on', 'is', null)
      .where('established_on', '<=', windowStart())
      .orderBy('id')
      .execute();
    if (branches.length === 0) throw new Error(`${file} has no branches`);
    const counts = roleCounts(sessions);
    // Secretaries of branches spread over the roster (every general branch and category gets some).
    const secretaryCount = Math.min(SECRETARY_BRANCHES, branches.length, Math.max(1, counts.secretary));
    const secretaryBranches = Array.from({ length: secretaryCount }, (_, i) =>
      roundRobin(branches, Math.floor((i * branches.length) / secretaryCount)),
    );
    const actor = { user: null, procedure: 'load' };
    const make = async (role: TRole, index: number, branch?: TBranchRef): Promise<TUserProfile> => {
      const username = `load-${role}-${String(index + 1).padStart(2, '0')}`;
      const password = randomPassword();
      await addUser(db, {
        username,
        displayName: `压测${role}${index + 1}`,
        role,
        branchId: branch?.id ?? null,
        password,
        actor,
      });
      return { role, username, password, ...(branch ? { branch } : {}) };
    };
    const firstAdmin = await make('admin', 0);
    const admins = [firstAdmin, await make('admin', 1)];
    const leaders = [await make('leader', 0), await make('leader', 1)];
    const secretaries: TUserProfile[] = [];
    for (const [i, b] of secretaryBranches.entries()) secretaries.push(await make('secretary', i, b));
    const pool: Record<TRole, TUserProfile[]> = { admin: admins, leader: leaders, secretary: secretaries };
    const users: TVirtualUser[] = [];
    for (const role of ['admin', 'leader', 'secretary'] as const) {
      for (let i = 0; i < counts[role]; i++) {
        const profile = roundRobin(pool[role], i);
        const userId = await userIdOf(db, profile.username);
        users.push({ profile, token: (await createSession(db, userId)).token });
      }
    }
    const importer = {
      profile: firstAdmin,
      token: (await createSession(db, await userIdOf(db, firstAdmin.username))).token,
    };
    const accountsLine =
      `${counts.admin} admin / ${counts.leader} leader / ${counts.secretary} secretary sessions over ` +
      `${admins.length} admins, ${leaders.length} leaders, ${secretaries.length} secretaries (one branch each)`;
    return { users, importer, branches, accountsLine };
  } finally {
    await db.destroy();
  }
}

async function userIdOf(db: Awaited<ReturnType<typeof openDatabase>>, username: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/**
 * The real server as a child process. `node --import tsx server/index.ts` is what `npx tsx` runs, in
 * one process: npx and tsx's own CLI would put two wrapper processes in front of it, and the RSS and
 * CPU read from /proc would be theirs.
 */
class ManagedServer {
  readonly stderr: string[] = [];
  readonly stdout: string[] = [];
  private exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    const keep = (lines: string[]) => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
      if (lines.length > 2000) lines.splice(0, lines.length - 2000);
    };
    child.stdout?.on('data', keep(this.stdout));
    child.stderr?.on('data', keep(this.stderr));
  }

  static async start(databaseFile: string): Promise<{ server: ManagedServer; base: URL }> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        ...(process.env.LOAD_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
        '--import',
        'tsx',
        'server/index.ts',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), DATABASE_URL: databaseFile, DEMO: 'off' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const server = new ManagedServer(child);
    const banner = await server.waitForBanner(120_000);
    // The banner says localhost; the script talks to 127.0.0.1 (the server listens on every address).
    const base = new URL(`http://127.0.0.1:${new URL(banner).port || port}`);
    return { server, base };
  }

  private async waitForBanner(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let isExited = false;
    void this.exited.then(() => {
      isExited = true;
    });
    while (Date.now() < deadline && !isExited) {
      for (const line of this.stdout) {
        const url = /地址 URL:\s+(http:\/\/\S+)/.exec(line)?.[1];
        if (url) return url;
      }
      await sleep(100);
    }
    throw new Error(
      `the server did not start (${isExited ? 'it exited' : 'no banner'}):\n${[...this.stdout, ...this.stderr].join('\n')}`,
    );
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const code = await Promise.race([this.exited, sleep(10_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

async function waitUntilAnswering(base: URL): Promise<void> {
  const browser = new Browser(base, 'zh', null, { countRequest() {}, record() {}, noteResend() {} });
  try {
    for (let i = 0; i < 600; i++) {
      const [options] = (await browser.query([{ path: 'auth.loginOptions' }], { isDataNeeded: true })) ?? [];
      if (options) return;
      await sleep(100);
    }
    throw new Error(`${base.href} does not answer /trpc/auth.loginOptions`);
  } finally {
    browser.close();
  }
}

/** A copy of the bench college the server may write to, and how to drop it afterwards. */
interface TLoadCopy {
  databaseUrl: string;
  describe: string;
  remove: () => Promise<void>;
}

/** SQLite: a copy of the cached file (and its WAL) in a temp folder. */
async function copySqliteCollege(branches: number): Promise<TLoadCopy> {
  const source = await ensureBenchDataset(branches);
  const dir = mkdtempSync(join(tmpdir(), 'pbd-load-'));
  const file = join(dir, 'load.db');
  const remove = async () => rmSync(dir, { recursive: true, force: true });
  try {
    copyFileSync(source, file);
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);
  } catch (error) {
    await remove();
    throw error;
  }
  return { databaseUrl: file, describe: `a temp copy of ${resolve(source)}`, remove };
}

/**
 * PostgreSQL: the bench cluster (data/bench/pg, started here), a database created with the college's
 * copy as its template (a file-level copy: seconds), dropped and the cluster stopped afterwards.
 */
async function copyPostgresCollege(branches: number): Promise<TLoadCopy> {
  const cluster = await startBenchPostgres();
  try {
    // Copied from the SQLite file once; closed again, as a template must have no connections.
    await (await openPostgresBenchDataset(cluster, branches)).destroy();
    const name = `load_${process.pid}`;
    const template = `demo_${branches}x${BENCH_YEARS}`;
    await cluster.admin(`create database ${name} template ${template}`);
    return {
      databaseUrl: cluster.url(name),
      describe: `PostgreSQL database ${name}, a copy of ${template} on the bench cluster (port ${cluster.port})`,
      remove: async () => {
        try {
          await cluster.admin(`drop database if exists ${name} with (force)`);
        } finally {
          await cluster.stop();
        }
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

async function startOwnServer(options: TOptions): Promise<TTarget> {
  const copy =
    options.backend === 'postgres'
      ? await copyPostgresCollege(options.branches)
      : await copySqliteCollege(options.branches);
  try {
    const prepared = await prepareDatabase(copy.databaseUrl, options.sessions);
    const { server, base } = await ManagedServer.start(copy.databaseUrl);
    const cleanup = async () => {
      await server.stop();
      await copy.remove();
    };
    try {
      await waitUntilAnswering(base);
    } catch (error) {
      await cleanup();
      throw error;
    }
    return {
      base,
      ...prepared,
      describe:
        `started here: node --import tsx server/index.ts (pid ${server.child.pid}), DEMO=off, ` +
        `DATABASE_URL = ${copy.describe}`,
      serverPid: server.child.pid,
      server,
      cleanup,
    };
  } catch (error) {
    await copy.remove();
    throw error;
  }
}

/** An already running server: the given accounts sign in over HTTP, one login per session. */
async function attachToRunningServer(options: TOptions, base: URL): Promise<TTarget> {
  await waitUntilAnswering(base);
  const accounts = options.accounts.split(',').map((pair) => {
    const colon = pair.indexOf(':');
    if (colon < 1) throw new Error(`--accounts wants user:password,… (got "${pair}")`);
    return { username: pair.slice(0, colon).trim(), password: pair.slice(colon + 1) };
  });
  const signIn = async (account: { username: string; password: string }) => {
    const browser = new Browser(base, 'zh', null, SETUP_SINK);
    try {
      const user = (await browser.mutate({ path: 'auth.login', input: account })) as {
        role: TRole;
        branchId: number | null;
      };
      const token = browser.sessionToken;
      if (!token) throw new Error(`signing in as ${account.username} set no session cookie`);
      return { user, token };
    } finally {
      browser.close();
    }
  };
  // Who each account is, and the roster as an admin or leader sees it.
  const known = await Promise.all(accounts.map(async (a) => ({ ...a, ...(await signIn(a)) })));
  const reader = known.find((k) => k.user.role !== 'secretary') ?? known[0];
  if (!reader) throw new Error('--accounts names no account');
  const rosterBrowser = new Browser(base, 'zh', reader.token, SETUP_SINK);
  const [roster] = (await rosterBrowser.query([{ path: 'branches.list' }], { isDataNeeded: true })) ?? [];
  rosterBrowser.close();
  const rows = roster as { id: number; code: string; establishedOn: string; dissolvedOn: string | null }[];
  const active = rows.filter((r) => r.dissolvedOn === null);
  const throughout = active.filter((r) => r.establishedOn <= windowStart());
  const branches = (throughout.length > 0 ? throughout : active).map(({ id, code }) => ({ id, code }));
  const profiles: TUserProfile[] = [];
  for (const k of known) {
    let branch: TBranchRef | undefined;
    if (k.user.role === 'secretary') {
      const browser = new Browser(base, 'zh', k.token, SETUP_SINK);
      const [own] = (await browser.query([{ path: 'branches.list' }], { isDataNeeded: true })) ?? [];
      browser.close();
      const row = (own as { id: number; code: string }[]).find((r) => r.id === k.user.branchId);
      if (row) branch = { id: row.id, code: row.code };
    }
    profiles.push({
      role: k.user.role,
      username: k.username,
      password: k.password,
      ...(branch ? { branch } : {}),
    });
  }
  const users: TVirtualUser[] = [];
  for (let i = 0; i < options.sessions; i++) {
    const profile = roundRobin(profiles, i);
    users.push({ profile, token: (await signIn(profile)).token });
  }
  const admin = profiles.find((p) => p.role === 'admin');
  if (options.withImport && !admin) throw new Error('--with-import needs an admin among --accounts');
  const importer = admin ? { profile: admin, token: (await signIn(admin)).token } : undefined;
  return {
    base,
    users,
    importer,
    branches,
    describe: `already running${options.serverPid ? ` (pid ${options.serverPid})` : ''}`,
    accountsLine: `${options.sessions} sessions over ${profiles.map((p) => `${p.username} (${p.role})`).join(', ')}`,
    serverPid: options.serverPid,
    cleanup: async () => {},
  };
}

// ---------------------------------------------------------------------------------------------------
// The upload: this year's 组织生活 sheet of the same college, re-imported with edits

interface TImportPlan {
  fileName: string;
  rows: number;
  from: string;
  to: string;
  /** One file per upload round (built before the run, so building them does not skew the timings). */
  files: Buffer[];
}

function prepareImport(options: TOptions): TImportPlan {
  const year = BENCH_TODAY.slice(0, 4);
  const data = generateDemo({
    branches: options.branches,
    years: BENCH_YEARS,
    seed: BENCH_SEED,
    today: BENCH_TODAY,
  });
  const rows: DemoActivity[] = [];
  for (const branch of data.branches())
    for (const a of branch.activities) if (a.held_on >= `${year}-01-01`) rows.push(a);
  const rounds = Math.max(
    1,
    Math.ceil((options.seconds * (1 - IMPORT_START_SHARE)) / (IMPORT_PAUSE_MS / 1000)),
  );
  const header = sheetHeader('activities');
  // Round r edits the rows i ≡ r (mod 10) and leaves the others as generated: each round changes its
  // own rows and puts the previous round's back, so every upload writes.
  const files = Array.from({ length: rounds }, (_, r) =>
    Buffer.from(
      toCsvText(
        header,
        rows.map((a, i) =>
          toSheetCells(
            'activities',
            i % IMPORT_EDIT_EVERY === r % IMPORT_EDIT_EVERY
              ? {
                  ...a,
                  notes: `${a.notes ? `${a.notes}；` : ''}压测补录第${r + 1}轮`,
                  // A few corrected attendances: every upload changes the metrics too, so each commit
                  // drops the computed periods (the worst case; a notes-only upload keeps them).
                  ...(i % (IMPORT_EDIT_EVERY * IMPORT_COUNT_EDIT_EVERY) === r % IMPORT_EDIT_EVERY &&
                  a.attended
                    ? { attended: a.attended - 1 }
                    : {}),
                }
              : { ...a },
          ),
        ),
      ),
      'utf8',
    ),
  );
  return { fileName: '组织生活.csv', rows: rows.length, from: `${year}-01-01`, to: BENCH_TODAY, files };
}

interface TImportRun {
  round: number;
  at: number;
  /** Upload (preview) and confirmation together; the confirmation alone. */
  ms: number;
  commitMs: number | null;
  status: number;
  summary: string;
}

async function runImports(
  plan: TImportPlan,
  browser: Browser,
  recorder: LoadRecorder,
  t0: number,
  deadline: number,
  windows: [number, number][],
): Promise<TImportRun[]> {
  const runs: TImportRun[] = [];
  browser.page = '/data?tab=import';
  await sleep(Math.max(0, t0 + (deadline - t0) * IMPORT_START_SHARE - performance.now()));
  for (const [round, file] of plan.files.entries()) {
    if (performance.now() > deadline - 5_000) break;
    const start = performance.now();
    recorder.countRequest();
    let status = 0;
    let summary: string;
    try {
      const answer = await browser.upload(plan.fileName, file);
      status = answer.status;
      const text = answer.body.toString('utf8');
      const result = status === 200 ? (JSON.parse(text) as TUploadAnswer) : null;
      summary = result
        ? `${result.ok ? 'ok' : 'NOT ok'}, activities ${formatCounts(result.counts.activities)}` +
          (result.errors.length > 0
            ? `; first problems: ${result.errors
                .slice(0, 3)
                .map((e) => e.message)
                .join(' | ')}`
            : '')
        : text.slice(0, 600);
      const isOk = result?.ok === true;
      const previewEnd = performance.now();
      recorder.record({
        path: IMPORT_PATH,
        start,
        end: previewEnd,
        ...(isOk ? {} : { error: { status, body: text.slice(0, 600) } }),
      });
      // Then confirmed, as the admin does on the data page: the write, the roll-ups' refresh and every
      // computed period dropped (the attendance corrections change the metrics).
      let commitMs: number | null = null;
      if (isOk && result.previewId) {
        const committed = await browser.commitImport(result.previewId);
        const commitEnd = performance.now();
        commitMs = commitEnd - previewEnd;
        const commitText = committed.body.toString('utf8');
        recorder.record({
          path: COMMIT_PATH,
          start: previewEnd,
          end: commitEnd,
          ...(committed.status === 200
            ? {}
            : { error: { status: committed.status, body: commitText.slice(0, 600) } }),
        });
        status = committed.status;
        summary += committed.status === 200 ? '; committed' : `; commit refused: ${commitText.slice(0, 300)}`;
      }
      const end = performance.now();
      windows.push([start, end]);
      runs.push({ round: round + 1, at: start - t0, ms: end - start, commitMs, status, summary });
    } catch (error) {
      const end = performance.now();
      summary = error instanceof Error ? error.message : String(error);
      windows.push([start, end]);
      recorder.record({ path: IMPORT_PATH, start, end, error: { status: 0, body: summary } });
      runs.push({ round: round + 1, at: start - t0, ms: end - start, commitMs: null, status, summary });
    }
    // The pause, unless the run ends first (a pause past the end would only stretch the run).
    const pause = Math.min(IMPORT_PAUSE_MS, deadline - performance.now());
    if (pause <= 0) break;
    await sleep(pause);
  }
  return runs;
}

interface TUploadAnswer {
  ok: boolean;
  previewId: string | null;
  counts: Record<string, { inserted: number; updated: number; unchanged: number }>;
  errors: { message: string }[];
}

function formatCounts(c: { inserted: number; updated: number; unchanged: number } | undefined): string {
  return c ? `inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}` : '-';
}

// ---------------------------------------------------------------------------------------------------
// The server's memory and CPU, from /proc

class ProcessSampler {
  peakRssKb = 0;
  lastRssKb = 0;
  hwmKb = 0;
  private firstTicks: number | undefined;
  private lastTicks = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly pid: number) {}

  start(): void {
    this.sample();
    this.firstTicks = this.lastTicks;
    this.timer = setInterval(() => this.sample(), 1000);
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  /** CPU seconds (user + system) the server used since start(). */
  get cpuSeconds(): number {
    return (this.lastTicks - (this.firstTicks ?? this.lastTicks)) / CLOCK_TICKS;
  }

  private sample(): void {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
      this.lastRssKb = kb('VmRSS');
      this.hwmKb = Math.max(this.hwmKb, kb('VmHWM'));
      this.peakRssKb = Math.max(this.peakRssKb, this.lastRssKb);
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      this.lastTicks = Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process is gone (stopped, or crashed: the report says so through the errors).
    }
  }
}

/** The 1-minute load average of the machine (NaN where the platform reports none). */
function oneMinuteLoad(): number {
  return loadavg()[0] ?? Number.NaN;
}

/** The whole machine's CPU from /proc/stat: how busy both cores were, whoever used them. */
class MachineSampler {
  readonly cores = availableParallelism();
  readonly loadBefore = oneMinuteLoad();
  private readonly first = MachineSampler.read();

  /** CPU seconds all processes used since construction (busy = everything but idle and iowait). */
  busySeconds(): number {
    const now = MachineSampler.read();
    return (now.busy - this.first.busy) / CLOCK_TICKS;
  }

  private static read(): { busy: number } {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const n = values.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - (n[3] ?? 0) - (n[4] ?? 0) };
  }
}

/**
 * How late this script's own timers fire, worst per window: a call is timed here from request sent to
 * last byte read, so while the script itself stalls (its garbage collector after building the upload
 * files, 50 users' parsing) every call in flight looks slower than the server was. Printed beside the
 * per-window p95, so a slow window can be told apart from a stalled client.
 */
class LoopLagSampler {
  private readonly maxByWindow: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private static readonly TICK_MS = 20;

  constructor(
    private readonly t0: number,
    private readonly windowMs: number,
  ) {}

  start(): void {
    let expected = performance.now() + LoopLagSampler.TICK_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      const i = Math.max(0, Math.floor((now - this.t0) / this.windowMs));
      this.maxByWindow[i] = Math.max(this.maxByWindow[i] ?? 0, now - expected);
      expected = now + LoopLagSampler.TICK_MS;
    }, LoopLagSampler.TICK_MS);
  }

  stop(): number[] {
    clearInterval(this.timer);
    return Array.from(this.maxByWindow, (v) => v ?? 0);
  }
}

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

// ---------------------------------------------------------------------------------------------------
// The run

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2), process.env);
  const importPlan = options.withImport ? prepareImport(options) : undefined;
  const target = options.url
    ? await attachToRunningServer(options, options.url)
    : await startOwnServer(options);
  let isCleanedUp = false;
  const cleanup = async () => {
    if (isCleanedUp) return;
    isCleanedUp = true;
    await target.cleanup();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

  const recorder = new LoadRecorder();
  const sampler = target.serverPid ? new ProcessSampler(target.serverPid) : undefined;
  const today = todayIso();
  const firstYear = Number(today.slice(0, 4)) - (BENCH_YEARS - 1);
  const periodKinds = new Map<TPeriodKind, number>();
  let signIns = 0;
  const importWindows: [number, number][] = [];
  let importRuns: TImportRun[] = [];
  const cpuBefore = process.cpuUsage();

  console.error(
    `load: ${options.sessions} sessions for ${options.seconds} s against ${target.base.href} (${target.describe}) …`,
  );
  sampler?.start();
  const machine = new MachineSampler();
  const loopLag = new LoopLagSampler(performance.now(), PHASE_SECONDS * 1000);
  loopLag.start();
  const t0 = performance.now();
  const deadline = t0 + options.seconds * 1000;
  const userRuns = target.users.map(async (user, i) => {
    const rng = createRng(mixSeed(options.seed, i));
    const ctx: TPageContext = { rng, today, firstYear, branches: target.branches };
    const browser = new Browser(target.base, rng.chance(0.8) ? 'zh' : 'en', user.token, recorder);
    const think = () => sleep(options.thinkMs === 0 ? 0 : rng.int(0, 2 * options.thinkMs));
    try {
      // Users arrive over the first seconds (a quarter of the run, at most 10 s), not all at once.
      await sleep(rng.int(0, Math.min(10_000, (options.seconds * 1000) / 4)));
      for (let isFirst = true; performance.now() < deadline && recorder.requests < options.maxRequests; ) {
        const view = pickPageView(ctx, user.profile, isFirst);
        isFirst = false;
        periodKinds.set(view.period.kind, (periodKinds.get(view.period.kind) ?? 0) + 1);
        if (view.isSignIn) signIns++;
        const start = performance.now();
        await visitPage(browser, ctx, user.profile, view);
        recorder.pages.push({ page: view.page, start, end: performance.now(), isFullLoad: view.isFullLoad });
        await think();
      }
    } finally {
      browser.close();
    }
  });
  const { importer } = target;
  const importRun =
    importPlan && importer
      ? (async () => {
          const browser = new Browser(target.base, 'zh', importer.token, recorder);
          try {
            importRuns = await runImports(importPlan, browser, recorder, t0, deadline, importWindows);
          } finally {
            browser.close();
          }
        })()
      : Promise.resolve();
  try {
    await Promise.all([...userRuns, importRun]);
  } finally {
    sampler?.stop();
  }
  const clientLagByWindow = loopLag.stop();
  if (process.env.LOAD_SAMPLES)
    (await import('node:fs')).writeFileSync(
      process.env.LOAD_SAMPLES,
      recorder.calls.map((c) => JSON.stringify({ ...c, start: c.start - t0, end: c.end - t0 })).join('\n'),
    );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machineBusy = machine.busySeconds();
  const loadAfter = oneMinuteLoad();
  await cleanup();

  // ---- report
  const out: string[] = [];
  const { branches, sessions, seconds } = options;
  const isBudgetSize = !options.url && branches === BUDGET.branches && sessions === BUDGET.sessions;
  const college = options.url
    ? "the running server's data"
    : `${branches} branches × ${BENCH_YEARS} years (${benchDatasetPath(branches)})`;
  out.push(
    '',
    `npm run load — ${college}, ${sessions} sessions, ` +
      `${seconds} s, think time 0–${(2 * options.thinkMs) / 1000} s, seed ${options.seed}` +
      (options.maxRequests < DEFAULT_MAX_REQUESTS ? `, at most ${options.maxRequests} requests` : ''),
    `  server:   ${target.base.href} — ${target.describe}`,
    `  accounts: ${target.accountsLine}`,
  );
  if (importPlan)
    out.push(
      `  import:   ${importPlan.fileName}, ${importPlan.rows} rows (${importPlan.from} … ${importPlan.to}), ` +
        `1 in ${IMPORT_EDIT_EVERY} rows edited per upload; first upload at ${Math.round(seconds * IMPORT_START_SHARE)} s, ` +
        `the next ${IMPORT_PAUSE_MS / 1000} s after one ends`,
    );
  const views = recorder.pages.length;
  const fullLoads = recorder.pages.filter((p) => p.isFullLoad).length;
  const mix = [...periodKinds]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${Math.round((100 * n) / Math.max(1, views))}%`)
    .join(', ');
  out.push(
    '',
    `requests: ${recorder.requests} HTTP requests in ${elapsed.toFixed(1)} s = ${(recorder.requests / elapsed).toFixed(1)} req/s ` +
      `(a batch is one request); ${recorder.calls.length} procedure calls = ${(recorder.calls.length / elapsed).toFixed(1)} calls/s`,
    `page views: ${views} (${Math.round((100 * fullLoads) / Math.max(1, views))}% full loads with auth.me, ${signIns} sign-ins); periods: ${mix}`,
    '',
    'per procedure (a call in a batch counts the whole batch: that is when its data arrives)',
    formatTable(latencyRows('procedure', sortedByName(recorder.byProcedure()))),
    '',
    'per page view (every request of the view, the waterfall and auth.me of full loads included; no think time)',
    formatTable(latencyRows('page', recorder.byPage())),
  );
  if (importPlan) {
    const during = recorder.byProcedure(importWindows);
    const importSeconds = importWindows.reduce((s, [a, b]) => s + (b - a), 0) / 1000;
    out.push(
      '',
      `while an upload ran (${importSeconds.toFixed(1)} s of ${elapsed.toFixed(1)} s; calls that overlapped one)`,
      during.size > 0 ? formatTable(latencyRows('procedure', sortedByName(during))) : '  (no calls)',
      '',
      'uploads (POST /api/import, then POST /api/import/commit, as the data page sends them)',
      ...(importRuns.length > 0
        ? importRuns.map(
            (r) =>
              `  #${r.round} at ${(r.at / 1000).toFixed(1)} s: ${(r.ms / 1000).toFixed(1)} s${r.commitMs === null ? '' : ` (confirmation ${(r.commitMs / 1000).toFixed(1)} s)`}, HTTP ${r.status}, ${r.summary}`,
          )
        : ['  (none started: the run was too short)']),
    );
  }
  out.push('');
  if (sampler) {
    out.push(
      `server process (pid ${sampler.pid}): RSS peak ${mb(sampler.peakRssKb)}, last ${mb(sampler.lastRssKb)} ` +
        `(sampled every second; VmHWM ${mb(sampler.hwmKb)}); CPU ${sampler.cpuSeconds.toFixed(1)} s user+system ` +
        `in ${elapsed.toFixed(1)} s = ${Math.round((100 * sampler.cpuSeconds) / elapsed)}% of one core`,
    );
  } else {
    out.push('server process: not started here (pass --server-pid for its RSS and CPU)');
  }
  const scriptSeconds = (cpu.user + cpu.system) / 1e6;
  out.push(
    `load script: CPU ${scriptSeconds.toFixed(1)} s = ${Math.round((100 * scriptSeconds) / elapsed)}% of one core`,
  );
  // Other work on the machine takes cores from the server: say how much, so figures can be compared.
  const others = machineBusy - scriptSeconds - (sampler?.cpuSeconds ?? 0);
  out.push(
    `machine: ${machine.cores} cores, ${Math.round((100 * machineBusy) / (elapsed * machine.cores))}% busy during the run; ` +
      `other processes${sampler ? '' : ' (the server among them)'} used ${Math.max(0, others).toFixed(1)} CPU s (${Math.max(0, Math.round((100 * others) / elapsed))}% of one core); ` +
      `1-min load average ${machine.loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
  );
  if (recorder.resends.length > 0) {
    const slowest = recorder.resends.reduce((a, b) => (b.ms > a.ms ? b : a));
    out.push(
      `resent: ${recorder.resends.length} requests whose keep-alive connection the server closed under them ` +
        `(browsers resend these silently; not errors); slowest to fail: ${slowest.target} after ` +
        `${formatMs(slowest.ms)} ms (${slowest.reason})`,
    );
  }
  out.push('', `errors: ${recorder.errors}`);
  for (const [kind, n] of recorder.errorKinds) out.push(`  ${kind}: ${n}`);
  for (const e of recorder.firstErrors)
    out.push(`  first: ${e.path} ${e.status}: ${e.body.replace(/\s+/g, ' ')}`);
  const serverLog = target.server?.stderr ?? [];
  if (serverLog.length > 0) {
    out.push(`server stderr (${serverLog.length} lines, first 20):`);
    for (const line of serverLog.slice(0, 20)) out.push(`  | ${line}`);
  }

  // ---- budgets
  const procedures = recorder.byProcedure();
  const pageCalls = [...procedures].filter(([path]) => isPageCall(path));
  // The worst of the procedures with enough calls for a p95 to mean something (a p95 of 3 calls is
  // their maximum); the budget itself still judges every procedure.
  const worst = pageCalls
    .filter(([, l]) => l.count >= MIN_CALLS_FOR_WORST)
    .reduce<[string, TLatency] | undefined>(
      (w, entry) => (!w || entry[1].p95 > w[1].p95 ? entry : w),
      undefined,
    );
  const over = pageCalls.filter(([, l]) => !(l.p95 <= BUDGET.pageP95Ms)).map(([p]) => p);
  const pooled = recorder.pooled(isPageCall);
  const byWindow = recorder.pooledByWindow(isPageCall, t0, PHASE_SECONDS * 1000);
  out.push(
    '',
    `page calls p95 by ${PHASE_SECONDS} s of the run: ` +
      byWindow
        .map((l, i) => `${i * PHASE_SECONDS}–${(i + 1) * PHASE_SECONDS} s ${formatMs(l.p95)} ms`)
        .join(', '),
    `this script's own worst stall by ${PHASE_SECONDS} s (its timers late; calls in flight look slower by as much): ` +
      clientLagByWindow.map((v) => `${formatMs(v)} ms`).join(', '),
  );
  const me = procedures.get('auth.me');
  const verdicts = [
    {
      ok: pageCalls.length > 0 && over.length === 0,
      text:
        `page calls p95 ≤ ${BUDGET.pageP95Ms} ms (each procedure): ` +
        (worst
          ? `all page calls together ${formatMs(pooled.p95)} ms, worst (of ≥ ${MIN_CALLS_FOR_WORST} calls) ` +
            `${worst[0]} ${formatMs(worst[1].p95)} ms`
          : `all page calls together ${formatMs(pooled.p95)} ms`) +
        (over.length > 0 ? `; over: ${over.join(', ')}` : ''),
    },
    {
      ok: me !== undefined && me.p99 <= BUDGET.meP99Ms,
      text: `auth.me p99 ≤ ${BUDGET.meP99Ms} ms: ${me ? `${formatMs(me.p99)} ms (${me.count} calls)` : 'no calls'}`,
    },
    { ok: recorder.errors <= BUDGET.errors, text: `errors = ${BUDGET.errors}: ${recorder.errors}` },
  ];
  out.push(
    '',
    `budgets (issue 9: ${BUDGET.branches} branches × ${BENCH_YEARS} years, ${BUDGET.sessions} sessions` +
      `${importPlan ? ', with an import running' : ''})${isBudgetSize ? '' : ' — this run is of another size or data: indicative only'}`,
  );
  for (const v of verdicts) out.push(`  ${v.ok ? 'OK  ' : 'OVER'}  ${v.text}`);
  console.log(out.join('\n'));
  return options.strict && verdicts.some((v) => !v.ok) ? 1 : 0;
}

function sortedByName(rows: Map<string, TLatency>): Map<string, TLatency> {
  const rank = (path: string) => (path.startsWith('auth.') ? 0 : path.startsWith('POST ') ? 2 : 1);
  return new Map([...rows].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('load failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
