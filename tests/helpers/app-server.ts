import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppServer, type AppServerOptions, createAppServer } from '../../server/http/app-server';

/**
 * The app's HTTP server on a free loopback port, with a stand-in client build, for tests over real HTTP.
 * The caller keeps the database (and any API pool) and closes them itself.
 */
export async function startTestApp(
  options: Omit<AppServerOptions, 'clientDir'>,
): Promise<{ app: AppServer; base: string }> {
  const clientDir = mkdtempSync(join(tmpdir(), 'pbd-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
  const app = createAppServer({ ...options, clientDir });
  await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', done));
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** Stops what startTestApp started (the server and the import worker, if one ran). */
export async function closeTestApp(app: AppServer | undefined): Promise<void> {
  if (!app) return;
  await new Promise((done) => app.server.close(done));
  await app.importRunner.close();
}
