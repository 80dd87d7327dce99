import type { TUserRole } from '../../shared/roles';

/** The signed-in user as the API sees it (`ctx.user`); never carries the password hash. */
export interface TAuthUser {
  id: number;
  username: string;
  displayName: string;
  role: TUserRole;
  /** The secretary's branch (units.id); null for admin and leader, or a secretary whose branch was deleted. */
  branchId: number | null;
  branchName: string | null;
}

/** Who performed a write, for the audit trail: a signed-in user, or null for the CLI / system jobs. */
export interface TAuditActor {
  user: Pick<TAuthUser, 'id' | 'username'> | null;
  /** The tRPC procedure path (`members.update`) or CLI command (`cli.user.add`). */
  procedure: string;
}

/** A message in both interface languages; `zh` is the default. */
export interface TBilingualMessage {
  zh: string;
  en: string;
}
