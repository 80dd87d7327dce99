/**
 * Which navigation entries a role sees. Only hides what the server would refuse anyway (the server
 * checks every procedure); an entry without `roles` is for every signed-in user.
 */
import type { TUserRole } from '../../../../shared/roles';

export function isNavVisible(item: { roles?: readonly TUserRole[] }, role: TUserRole | undefined): boolean {
  return !item.roles || (role !== undefined && item.roles.includes(role));
}
