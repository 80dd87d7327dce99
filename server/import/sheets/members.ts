import { MEMBER_ROLES, type TMemberRole } from '../../../shared/domain';
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
  const code = r.text('code', 64);
  const name = r.text('name', 100);
  const branchCode = r.text('branch_code', 64);
  const role = r.enumOf('role', MEMBER_ROLES) ?? 'member';
  const joinedOn = r.date('joined_on');
  const leftOn = r.date('left_on');
  if (joinedOn && leftOn && leftOn < joinedOn) {
    r.error({ code: 'left_before_joined', column: 'left_on', value: leftOn, params: { joined: joinedOn } });
  }
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
