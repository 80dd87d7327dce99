/** The role as API input. Kept apart from shared/roles.ts so the client shell's labels don't pull in zod. */
import { z } from 'zod';
import { USER_ROLES } from '../roles';

export const ZUserRoleSchema = z.enum(USER_ROLES.keys);
