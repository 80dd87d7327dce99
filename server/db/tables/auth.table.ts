import type { Generated, Insertable, Selectable } from 'kysely';
import type { TUserRole } from '../../../shared/roles';

/** An account. Timestamps are ISO-8601 UTC text; `disabled` is 0/1. Usernames are stored lower-case. */
export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: TUserRole;
  /** The branch (units.id) of a secretary; null for other roles. */
  branch_id: number | null;
  /** `scrypt$N$r$p$salt$hash` (server/auth/password.ts). */
  password_hash: string;
  disabled: number;
  created_at: string;
  password_changed_at: string;
}
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;

/** A server-side session; the cookie carries the token, the table only its SHA-256. */
export interface SessionTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}
export type SessionRow = Selectable<SessionTable>;

/**
 * One password check, kept for the throttle (server/auth/throttle.ts). Inserted with `success` 0 before
 * the password is checked (a reservation counts as a failure) and set to 1 if it was right.
 */
export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  address: string;
  at: string;
  success: number;
}

export type TAuditAction = 'insert' | 'update' | 'delete' | 'import';

/** One write. `before`/`after` are JSON objects of the changed fields only (null for insert/delete sides). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string;
  procedure: string;
  table_name: string;
  row_key: string;
  action: TAuditAction;
  before: string | null;
  after: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;
