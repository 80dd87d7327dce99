import { MEMBER_ROLES, type TMemberRole } from '../../../shared/domain';
import { leftBeforeJoinedProblem, RECORD_LIMITS } from '../../../shared/record-rules';
import type { RowReader } from '../row-reader';

export interface MemberRow {
  row: number;
  code: string;
  name: string;
  branchCode: string;
  role: TMemberRole;
  joinedOn: string;
  leftOn: string | null;
}

export function readMemberRow(r: RowReader): MemberRow | undefined {
  const code = r.text('code', RECORD_LIMITS.code);
  const name = r.text('name', RECORD_LIMITS.name);
  const branchCode = r.text('branch_code', RECORD_LIMITS.code);
  const role = r.enumOf('role', MEMBER_ROLES) ?? 'member';
  const joinedOn = r.date('joined_on');
  const leftOn = r.date('left_on');
  if (joinedOn) r.check('left_on', leftBeforeJoinedProblem(joinedOn, leftOn), leftOn ?? undefined);
  if (r.hasErrors || !code || !name || !branchCode || !joinedOn) return undefined;
  const { pool } = r;
  return {
    row: r.row,
    code,
    name,
    branchCode: pool.intern(branchCode),
    role,
    joinedOn: pool.intern(joinedOn),
    leftOn: pool.intern(leftOn),
  };
}
