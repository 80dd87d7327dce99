/** Settings of the auth layer, read from the environment (documented in server/auth/README.md). */

export const SESSION_COOKIE_NAME = 'pbd_session';

export interface TAuthConfig {
  /** A session ends after this many minutes without a request (SESSION_IDLE_MINUTES, default 480 = 8 h). */
  sessionIdleMinutes: number;
}

export const DEFAULT_AUTH_CONFIG: TAuthConfig = { sessionIdleMinutes: 8 * 60 };

export function readAuthConfig(source: NodeJS.ProcessEnv = process.env): TAuthConfig {
  const raw = source.SESSION_IDLE_MINUTES;
  if (raw === undefined || raw === '') return DEFAULT_AUTH_CONFIG;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60 * 24 * 30) {
    throw new Error(
      `SESSION_IDLE_MINUTES 必须是 1–43200 的整数 / SESSION_IDLE_MINUTES must be an integer 1–43200, got "${raw}"`,
    );
  }
  return { sessionIdleMinutes: minutes };
}
