/**
 * The application process: `npm start` (built client) or `npm run dev` (`--dev`: Vite middleware with
 * hot reload in the same process). Opens and migrates the database, loads the demo college into an
 * empty database unless DEMO=off, serves the client and /trpc, and shuts down cleanly on SIGINT/SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { todayIso } from '../shared/schemas/date';
import { removeOrphanFiles } from './attachments/attachments';
import { readAuthConfig } from './auth/config';
import { createDemoUsers, type TDemoCredential, workingDemoCredentials } from './auth/demo-users';
import type { TServerSettings } from './context';
import { openDatabase } from './db/connection';
import type { DB } from './db/database';
import { isPostgresUrl, withoutPassword } from './db/postgres/connect';
import { DEMO_COLLEGE_KEY, readAppMeta, writeAppMeta } from './db/queries/app-meta';
import { countUnits } from './db/queries/units';
import { readEnv } from './env';
import { type ApiPool, createApiPool } from './http/api-pool';
import { warmDefaultPeriods } from './http/api-route';
import { createAppServer } from './http/app-server';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Lets the API workers compute the default periods before the server listens, for at most `limitMs`:
 * right after a start every visitor's page would otherwise be cold at the same moment.
 */
async function warmBefore(pool: ApiPool, db: DB, limitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  await Promise.race([
    warmDefaultPeriods(pool, db).catch(() => {}),
    new Promise<void>((done) => {
      timer = setTimeout(done, limitMs);
    }),
  ]);
  clearTimeout(timer);
  console.log(`预计算默认统计期 / default periods warmed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const isDev = process.argv.includes('--dev');
  const env = readEnv();
  const authConfig = readAuthConfig();
  // A PostgreSQL URL goes as it is to every connection (this thread's and the workers').
  const databasePath =
    env.databaseUrl === ':memory:' || isPostgresUrl(env.databaseUrl)
      ? env.databaseUrl
      : resolve(env.databaseUrl);
  // With API workers this thread writes only sessions and sign-ins, and never blocks on a lock (a long
  // import holds it for seconds): a locked database fails at once and the write is retried on a timer
  // (db/write-window.ts retryWhileBusy) while this thread keeps answering.
  const db = await openDatabase({ url: databasePath, busyTimeoutMs: env.apiWorkers > 0 ? 0 : 5000 });

  let demoLine: string;
  let isDemoLoaded = false;
  if ((await countUnits(db)) > 0) {
    demoLine = '未加载（数据库已有数据） / not loaded (the database already has data)';
  } else if (!env.isDemoEnabled) {
    demoLine = '未加载（DEMO=off，空数据库） / not loaded (DEMO=off, empty database)';
  } else {
    const started = Date.now();
    // Loaded only when needed: a real deployment never runs the generator.
    const { loadDemo } = await import('./demo');
    const summary = await loadDemo(db, {});
    await writeAppMeta(db, DEMO_COLLEGE_KEY, JSON.stringify(summary.options));
    isDemoLoaded = true;
    const { options: o, counts: c } = summary;
    demoLine =
      // Labelled counts (issue 14.5): every member row ever (the roster counts those on the roll today).
      `已加载演示学院 / demo college loaded: ${o.branches} 个支部 branches, ` +
      `${c.members} 条党员记录（含已转出） member records (incl. those who left), ` +
      `${c.activities} 次组织生活 sessions, ${c.achievements} 项成果 achievements; ` +
      `${o.from} – ${o.today}, seed ${o.seed} (${Date.now() - started} ms)`;
  }

  // Demo accounts (with their published passwords) only on the demo college: never on a database of real
  // data, even with DEMO left on. Outside demo mode nobody has a default password; the first admin is
  // made with the CLI.
  const isDemoDatabase = isDemoLoaded || (await readAppMeta(db, DEMO_COLLEGE_KEY)) !== undefined;
  const userCount = Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let demoAccounts: TDemoCredential[] = [];
  if (env.isDemoEnabled && isDemoDatabase) {
    demoAccounts =
      isDemoLoaded || userCount === 0 ? await createDemoUsers(db) : await workingDemoCredentials(db);
  }
  const accountLines =
    demoAccounts.length > 0
      ? demoAccounts.map(
          (a) => `    ${a.username.padEnd(10)} 密码 password: ${a.password.padEnd(15)} ${a.displayName}`,
        )
      : userCount === 0
        ? [
            '    还没有账号。创建第一个管理员 / no accounts yet; create the first admin:',
            '    npm run cli -- user add --username <u> --name <姓名> --role admin',
          ]
        : [
            `    ${userCount} 个账号，用 npm run cli -- user list 查看 / ${userCount} accounts (npm run cli -- user list)`,
          ];
  const settings: TServerSettings = {
    auth: authConfig,
    isDemo: env.isDemoEnabled && isDemoDatabase,
    demoAccounts,
    attachmentsDir: env.attachmentsDir,
  };
  // Files whose rows went while the server was down (an import's undo in the CLI, a crash mid-upload).
  // Only those older than a minute: another app process sharing this folder (PostgreSQL) may be between
  // writing an upload's file and committing its row right now.
  await removeOrphanFiles(db, env.attachmentsDir);

  // Worker threads need a file to open (an in-memory database exists only on this thread).
  const apiPool =
    env.apiWorkers > 0 && databasePath !== ':memory:'
      ? createApiPool({ databasePath, settings, size: env.apiWorkers })
      : null;
  await apiPool?.ready();
  if (apiPool && env.warmBeforeListenMs > 0) await warmBefore(apiPool, db, env.warmBeforeListenMs);
  const app = createAppServer({
    db,
    clientDir: resolve(ROOT, 'dist'),
    settings,
    trustProxy: env.trustProxy,
    isDev,
    apiPool,
    databasePath,
  });
  let closeVite: (() => Promise<void>) | undefined;
  if (isDev) {
    // Imported only in dev so that `npm start` does not load the bundler.
    const { createServer } = await import('vite');
    const vite = await createServer({
      configFile: resolve(ROOT, 'vite.config.ts'),
      appType: 'spa',
      server: { middlewareMode: true, hmr: { server: app.server } },
    });
    app.setClientHandler((req, res) => vite.middlewares(req, res));
    closeVite = () => vite.close();
  }

  await new Promise<void>((done, fail) => {
    app.server.once('error', fail);
    app.server.listen(env.port, done);
  });
  const { port } = app.server.address() as AddressInfo;
  const clientLine = isDev
    ? '开发模式（Vite 热更新） / dev mode (Vite hot reload)'
    : app.hasClientBuild()
      ? resolve(ROOT, 'dist')
      : '未构建，请运行 npm run build / not built: run npm run build';
  console.log(
    [
      '',
      '党建成效分析看板 / Party-building dashboard',
      `  地址 URL:          http://localhost:${port}`,
      `  数据库 Database:   ${withoutPassword(databasePath)}`,
      `  附件 Attachments:  ${env.attachmentsDir}`,
      `  时区 Time zone:    ${env.timeZone}（今天 / today ${todayIso()}）`,
      `  演示数据 Demo:     ${demoLine}`,
      `  前端 Client:       ${clientLine}`,
      `  API 线程 Workers:  ${apiPool ? `${apiPool.size} 个工作线程 / worker threads` : '请求线程 / the request thread'}`,
      `  账号 Accounts:${demoAccounts.length > 0 ? '      演示账号 / demo accounts' : ''}`,
      ...accountLines,
      '',
    ].join('\n'),
  );

  let isClosing = false;
  const shutdown = async (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    console.log(`${signal}: 正在关闭 / shutting down`);
    // Stop accepting connections, let in-flight requests finish, then drop idle keep-alive sockets.
    const closed = new Promise<void>((done) => app.server.close(() => done()));
    app.server.closeIdleConnections();
    const forced = setTimeout(() => app.server.closeAllConnections(), 5000);
    await closeVite?.();
    await closed;
    clearTimeout(forced);
    await apiPool?.close();
    await app.importRunner.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('启动失败 / failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
