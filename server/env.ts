import { availableParallelism } from 'node:os';

/** Configuration from environment variables, read once (documented in the README). */
export interface Env {
  /** Database file path (default data/app.db); ':memory:' for a throwaway database. */
  databaseUrl: string;
  port: number;
  /** `DEMO=off` starts with an empty database instead of loading the demo college. */
  isDemoEnabled: boolean;
  /** `TRUST_PROXY=on` behind a reverse proxy: the client address comes from X-Forwarded-For (login throttling). */
  trustProxy: boolean;
  /**
   * `API_WORKERS`: worker threads answering /trpc, each with its own database connection (default: the
   * machine's cores, at least 2, at most 8; 0 runs every call on the request thread).
   */
  apiWorkers: number;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const port = Number(source.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`PORT 必须是 1–65535 的整数 / PORT must be an integer 1–65535, got "${source.PORT}"`);
  }
  const demo = (source.DEMO ?? 'on').toLowerCase();
  const workers = source.API_WORKERS
    ? Number(source.API_WORKERS)
    : Math.min(8, Math.max(2, availableParallelism()));
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
    throw new Error(
      `API_WORKERS 必须是 0–64 的整数 / API_WORKERS must be an integer 0–64, got "${source.API_WORKERS}"`,
    );
  }
  return {
    databaseUrl: source.DATABASE_URL || 'data/app.db',
    port,
    isDemoEnabled: !['off', '0', 'false', 'no'].includes(demo),
    trustProxy: ['on', '1', 'true', 'yes'].includes((source.TRUST_PROXY ?? '').toLowerCase()),
    apiWorkers: workers,
  };
}
