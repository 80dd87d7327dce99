import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { TCategory, TUnitKind } from '../../../shared/domain';

/** 党委 / 党总支 / 党支部. Dates are ISO `YYYY-MM-DD` text; `dissolved_on` is the last day. */
export interface UnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: TUnitKind;
  parent_id: number | null;
  category: TCategory | null;
  established_on: string;
  dissolved_on: string | null;
  /** 0/1: the branch has party groups, so it owes monthly group meetings. */
  has_groups: number;
}
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
