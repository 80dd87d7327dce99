import { availableParallelism } from 'node:os';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../shared/schemas/date';
import { attachmentsDirOf } from './attachments/attachment-store';

/** Configuration from environment variables, read once (documented in the README). */
export interface Env {
  /** Database file path (default data/app.db); ':memory:' for a throwaway database. */
  databaseUrl: string;
  /** `ATTACHMENTS_DIR`: the records' evidence files (default: `attachments` beside the database file). */
  attachmentsDir: string;
  port: number;
  /** `DEMO=off` starts with an empty database instead of loading the demo college. */
  isDemoEnabled: boolean;
  /** `TRUST_PROXY=on` behind a reverse proxy: the client address comes from X-Forwarded-For (login throttling). */
  trustProxy: boolean;
  /**
   * `API_WORKERS`: worker threads answering /trpc, each with its own database connection (default: the
   * machine's cores, at least 4, at most 8; 0 runs every call on the request thread).
   */
  apiWorkers: number;
  /**
   * `WARM_BEFORE_LISTEN_SECONDS`: at start, the API workers compute the default periods (metrics/warm.ts)
   * for at most this long before the server listens, so the first visitors after a restart are not
   * all cold at once (default 60; 0 listens at once and warms meanwhile).
   */
  warmBeforeListenMs: number;
  /** `COLLEGE_TIME_ZONE`: the IANA zone whose calendar day is "today" (default Asia/Shanghai). */
  timeZone: string;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const port = Number(source.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`PORT 必须是 1–65535 的整数 / PORT must be an integer 1–65535, got "${source.PORT}"`);
  }
  const demo = (source.DEMO ?? 'on').toLowerCase();
  const workers = source.API_WORKERS
    ? Number(source.API_WORKERS)
    : // More workers than cores: a cold evaluation (tens to hundreds of ms) then shares a core with the
      // short calls instead of holding them in its queue (2,000 branches, 50 sessions, 2 cores, with an
      // import: page calls p95 621 ms with 2 workers, 443 ms with 4; `npm run load`).
      Math.min(8, Math.max(4, availableParallelism()));
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
    throw new Error(
      `API_WORKERS 必须是 0–64 的整数 / API_WORKERS must be an integer 0–64, got "${source.API_WORKERS}"`,
    );
  }
  const warmSeconds = Number(source.WARM_BEFORE_LISTEN_SECONDS ?? 60);
  if (!Number.isFinite(warmSeconds) || warmSeconds < 0 || warmSeconds > 3600) {
    throw new Error(
      `WARM_BEFORE_LISTEN_SECONDS 必须是 0–3600 的数 / WARM_BEFORE_LISTEN_SECONDS must be a number 0–3600, got "${source.WARM_BEFORE_LISTEN_SECONDS}"`,
    );
  }
  const timeZone = source.COLLEGE_TIME_ZONE || DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    throw new Error(
      `COLLEGE_TIME_ZONE 须为 IANA 时区名，如 Asia/Shanghai / COLLEGE_TIME_ZONE must be an IANA time zone such as Asia/Shanghai, got "${timeZone}"`,
    );
  }
  const databaseUrl = source.DATABASE_URL || 'data/app.db';
  return {
    databaseUrl,
    attachmentsDir: attachmentsDirOf(databaseUrl, source.ATTACHMENTS_DIR),
    port,
    isDemoEnabled: !['off', '0', 'false', 'no'].includes(demo),
    trustProxy: ['on', '1', 'true', 'yes'].includes((source.TRUST_PROXY ?? '').toLowerCase()),
    apiWorkers: workers,
    warmBeforeListenMs: warmSeconds * 1000,
    timeZone,
  };
}
