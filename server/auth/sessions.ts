/**
 * Server-side sessions. The cookie carries a random 32-byte token (base64url); the table stores
 * only its SHA-256, so a copy of the database cannot be replayed as cookies. Sessions slide:
 * each request moves the expiry to now + idle minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DBOrTrx } from '../db/database';
import { isBusyError, isLongWriteInProgress, retryWhileBusy } from '../db/write-window';
import { DEFAULT_AUTH_CONFIG } from './config';
import type { TAuthUser } from './types';

export interface TSessionOptions {
  now?: Date;
  idleMinutes?: number;
}

/** Refresh last_seen/expires at most once a minute: saves a write per request, costs ≤ 1 min of idle time. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function expiryFrom(now: Date, idleMinutes: number): string {
  return new Date(now.getTime() + idleMinutes * 60_000).toISOString();
}

export interface TNewSession {
  /** Goes into the cookie; it is not stored and cannot be recovered. */
  token: string;
  expiresAt: string;
}

export async function createSession(
  db: DBOrTrx,
  userId: number,
  options: TSessionOptions = {},
): Promise<TNewSession> {
  const now = options.now ?? new Date();
  const idleMinutes = options.idleMinutes ?? DEFAULT_AUTH_CONFIG.sessionIdleMinutes;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = expiryFrom(now, idleMinutes);
  await retryWhileBusy(() =>
    db
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute(),
  );
  return { token, expiresAt };
}

export interface TResolvedSession {
  user: TAuthUser;
  sessionId: number;
  expiresAt: string;
}

/**
 * The user behind a cookie token, or null when the token is unknown, expired or the account disabled.
 * Extends the session (sliding expiry); deletes it when expired.
 */
export async function resolveSession(
  db: DBOrTrx,
  token: string | undefined | null,
  options: TSessionOptions = {},
): Promise<TResolvedSession | null> {
  // A real token is 43 characters; refuse anything else before touching the database.
  if (!token || token.length > 128) return null;
  const now = options.now ?? new Date();
  const idleMinutes = options.idleMinutes ?? DEFAULT_AUTH_CONFIG.sessionIdleMinutes;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('units', 'units.id', 'users.branch_id')
    .select([
      'sessions.id as sessionId',
      'sessions.last_seen_at as lastSeenAt',
      'sessions.expires_at as expiresAt',
      'users.id as userId',
      'users.username',
      'users.display_name as displayName',
      'users.role',
      'users.branch_id as branchId',
      'users.disabled',
      'units.name as branchName',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  if (row.expiresAt <= now.toISOString() || row.disabled === 1) {
    await db.deleteFrom('sessions').where('id', '=', row.sessionId).execute();
    return null;
  }
  let expiresAt = row.expiresAt;
  // The touch can wait: during an import it would queue behind the import's write lock (blocking the
  // thread), and a busy database skips it; the next request a minute later extends the session.
  if (now.getTime() - Date.parse(row.lastSeenAt) >= TOUCH_INTERVAL_MS && !isLongWriteInProgress()) {
    const extended = expiryFrom(now, idleMinutes);
    try {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: now.toISOString(), expires_at: extended })
        .where('id', '=', row.sessionId)
        .execute();
      expiresAt = extended;
    } catch (error) {
      if (!isBusyError(error)) throw error;
    }
  }
  return {
    sessionId: row.sessionId,
    expiresAt,
    user: {
      id: row.userId,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      branchId: row.branchId,
      branchName: row.branchName ?? null,
    },
  };
}

/** Logout: ends the session of this token (no error when it is already gone). */
export async function destroySession(db: DBOrTrx, token: string): Promise<void> {
  await retryWhileBusy(() => db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute());
}

/** Ends every session of the user except the one with `keepToken` (password change keeps the current one). */
export async function destroyOtherSessions(db: DBOrTrx, userId: number, keepToken?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepToken) query = query.where('token_hash', '!=', hashToken(keepToken));
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes expired sessions (housekeeping; resolveSession already refuses them). */
export async function purgeExpiredSessions(db: DBOrTrx, now: Date = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
