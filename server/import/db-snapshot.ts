import type { TUnitKind } from '../../shared/domain';
import type { DBOrTrx } from '../db/database';

export interface UnitFacts {
  kind: TUnitKind;
  parentCode: string | null;
  establishedOn: string;
  dissolvedOn: string | null;
}

/** What the checks need to know about the database: units by code and every member code. */
export interface DbSnapshot {
  units: Map<string, UnitFacts>;
  memberCodes: Set<string>;
}

export async function loadDbSnapshot(db: DBOrTrx): Promise<DbSnapshot> {
  const units = await db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select(['u.code', 'u.kind', 'p.code as parent_code', 'u.established_on', 'u.dissolved_on'])
    .execute();
  const codes = await db.selectFrom('members').select('code').distinct().execute();
  return {
    units: new Map(
      units.map((u) => [
        u.code,
        {
          kind: u.kind,
          parentCode: u.parent_code,
          establishedOn: u.established_on,
          dissolvedOn: u.dissolved_on,
        },
      ]),
    ),
    memberCodes: new Set(codes.map((c) => c.code)),
  };
}
