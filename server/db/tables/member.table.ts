import type { Generated, Insertable, Selectable } from 'kysely';
import type { TMemberRole } from '../../../shared/domain';

/** One membership of one branch; a transfer is a `left_on` here and a new row elsewhere (same code). */
export interface MemberTable {
  id: Generated<number>;
  code: string;
  name: string;
  branch_id: number;
  role: TMemberRole;
  joined_on: string;
  left_on: string | null;
}
export type Member = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
