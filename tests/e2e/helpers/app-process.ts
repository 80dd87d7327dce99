import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ROOT } from './client-build';

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
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

export interface AppProcess {
  url: string;
  /** Everything the process printed so far (banner, logs). */
  output(): string;
  /** SIGTERM, then the exit code (0 when it shut down cleanly). */
  stop(): Promise<number | null>;
}

/** Starts `server/index.ts` as `npm start` would (without the build step) and waits for its banner. */
export async function startApp(env: Record<string, string>, timeoutMs = 120_000): Promise<AppProcess> {
  const port = await freePort();
  // Node itself with tsx's loader, not the tsx CLI: the CLI relays SIGTERM and, when the child does not
  // acknowledge it within 30 ms twice (a busy machine), kills it and exits 143 — a clean stop looked
  // like a crash.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    // Two API workers unless a test asks for more: each starts its own copy of the server code, and the
    // e2e suite starts many servers on a busy 2-core machine.
    env: { API_WORKERS: '2', ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = `http://localhost:${port}`;

  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => {
      // Not left running behind a failed start (it would outlive the test run).
      child.kill('SIGKILL');
      fail(new Error(`server did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      if (output.includes(url)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before starting:\n${output}`));
    });
  });

  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
}
