/**
 * A private, throwaway PostgreSQL cluster for tests and the bench: initdb in a temporary folder, a server
 * on a free loopback port (and a Unix socket in that folder), trust authentication, deleted on stop. It
 * never touches a system cluster. As root the binaries run as the `postgres` user (initdb refuses root);
 * as anyone else they run directly.
 *
 * `--locale=C.UTF-8`: text compares bytewise, so ISO date text compares as dates and sorts as SQLite
 * sorts it (server/db/README.md "PostgreSQL").
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's `postgresql` package puts the server binaries (PG_BIN overrides), or null when it is missing. */
export function findPostgresBinDir(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  for (const version of ['17', '16', '15']) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  return null;
}

function postgresBinDir(): string {
  const dir = findPostgresBinDir();
  if (dir) return dir;
  throw new Error(
    'PostgreSQL 服务器程序未找到 / PostgreSQL server binaries not found: apt-get install postgresql, or set PG_BIN',
  );
}

export interface PostgresCluster {
  /** The cluster's folder (data, log and socket). */
  dir: string;
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database?: string): string;
  /** Runs SQL as the superuser on the `postgres` database (CREATE DATABASE and the like). */
  admin(sqlText: string): Promise<void>;
  /** Stops the server and deletes the folder (a kept cluster: stops it only). */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks one, then it is released for the server to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Where the binaries run: a folder the `postgres` user can enter (the checkout may sit in root's home,
 * where initdb and pg_ctl would fail to find their own working folder).
 */
const PG_CWD = '/';

/** The command line that runs a server binary, through `su postgres` when we are root. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  const path = join(postgresBinDir(), bin);
  if (!isRoot()) return [path, args];
  const quoted = [path, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  return ['su', ['postgres', '-s', '/bin/sh', '-c', quoted]];
}

async function pgRun(bin: string, args: string[]): Promise<string> {
  return (await run(...pgCommand(bin, args), { cwd: PG_CWD })).stdout;
}

/**
 * Data folders of clusters still running. pg_ctl detaches the server, so a process that ends without
 * stop() (a test worker killed on a timeout, an uncaught error) would leave it running for good: on exit
 * they are stopped synchronously.
 */
const running = new Set<string>();
process.on('exit', () => {
  for (const data of running) {
    spawnSync(...pgCommand('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']), { cwd: PG_CWD });
  }
});

/** The folder handed to the `postgres` user (initdb refuses root) and closed to everyone else. */
async function prepareFolder(dir: string): Promise<void> {
  if (isRoot()) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(dir, 0o700);
}

const initdb = (data: string) =>
  pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);

/** Starts a fresh cluster; a port is tried again if another process took it in between. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'pgcluster-'));
  const data = join(dir, 'data');
  try {
    await prepareFolder(dir);
    await initdb(data);
    const port = await startServer(dir, data);
    return cluster(dir, data, port, { keep: false });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A cluster kept in `folder` between runs (the bench's copies of its colleges, data/bench/pg): created the
 * first time, started on a free port, stopped without deleting anything (one found running is used and
 * not stopped). `settings` are extra `-c` options (memory sizes).
 */
export async function startKeptPostgresCluster(
  folder: string,
  settings: Record<string, string> = {},
): Promise<PostgresCluster> {
  // Absolute: the binaries run from another working folder (PG_CWD).
  const dir = resolve(folder);
  const data = join(dir, 'data');
  if (!existsSync(join(data, 'PG_VERSION'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await prepareFolder(dir);
    await initdb(data);
  }
  // Already running (another bench run, or one killed before its stop()): used as it is and left
  // running — stopping it would pull it from under the other run. Its port is line 4 of postmaster.pid.
  const isRunning = await pgRun('pg_ctl', ['-D', data, 'status']).then(
    () => true,
    () => false,
  );
  if (isRunning) {
    const port = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[3]);
    return { ...cluster(dir, data, port, { keep: true }), stop: async () => {} };
  }
  const port = await startServer(dir, data, settings);
  return cluster(dir, data, port, { keep: true });
}

async function startServer(
  dir: string,
  data: string,
  settings: Record<string, string> = {},
): Promise<number> {
  const extra = Object.entries(settings)
    .map(([name, value]) => ` -c ${name}=${value}`)
    .join('');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    // fsync off: a throwaway cluster loses nothing it needs on a crash, and tests write a lot.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200${extra}`;
    try {
      // -w -t 120: wait until it accepts connections, patiently on a busy machine.
      await pgRun('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '120',
        '-o',
        options,
        'start',
      ]);
      running.add(data);
      return port;
    } catch (error) {
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
      if (attempt < 3 && /could not bind|already in use/i.test(log)) continue;
      throw new Error(
        `PostgreSQL 启动失败 / PostgreSQL did not start: ${String(error)}\n${log.slice(-2000)}`,
      );
    }
  }
}

function cluster(dir: string, data: string, port: number, { keep }: { keep: boolean }): PostgresCluster {
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    dir,
    port,
    url,
    admin: async (sqlText) => {
      const { Client } = (await import('pg')).default;
      const client = new Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(sqlText);
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      try {
        await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '120', 'stop']);
        running.delete(data);
      } finally {
        if (!keep) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
