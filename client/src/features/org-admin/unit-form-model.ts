/**
 * The units form's logic, pure: form values ↔ `units.create` / `units.update` input (the unit's one
 * schema, shared/schemas/record-inputs.ts, which the importer's 组织 sheet rules are), and which units may
 * be a unit's parent (not a branch, not the unit itself or anything below it).
 */
import type { TCategory, TUnitKind } from '../../../../shared/domain';
import type { TUnitFormInput } from '../../../../shared/schemas/record-inputs';
import type { TRouterOutputs } from '../../lib/api-types';

export type TUnitRow = TRouterOutputs['units']['list'][number];

export interface TUnitFormValues {
  code?: string;
  name?: string;
  kind?: TUnitKind | null;
  parentCode?: string | null;
  category?: TCategory | null;
  establishedOn?: string | null;
  dissolvedOn?: string | null;
  hasGroups?: boolean;
}

export function unitInputOf(v: TUnitFormValues): TUnitFormInput {
  return {
    code: v.code ?? '',
    name: v.name ?? '',
    kind: v.kind ?? '',
    parentCode: v.parentCode ?? null,
    category: v.category ?? null,
    establishedOn: v.establishedOn ?? '',
    dissolvedOn: v.dissolvedOn ?? null,
    hasGroups: v.hasGroups ?? false,
  };
}

export function unitValuesOf(u: TUnitRow): TUnitFormValues {
  return {
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentCode: u.parentCode,
    category: u.category,
    establishedOn: u.establishedOn,
    dissolvedOn: u.dissolvedOn,
    hasGroups: u.hasGroups,
  };
}

/** Units that may hold `unitId` (all non-branches for a new unit): no branch, not itself, nothing below it. */
export function parentOptionsFor(units: readonly TUnitRow[], unitId: number | null): TUnitRow[] {
  const below = new Set<number>();
  if (unitId !== null) {
    below.add(unitId);
    // Walk down the tree from the unit (a few hundred units: repeat until nothing is added).
    let isGrowing = true;
    while (isGrowing) {
      isGrowing = false;
      for (const u of units) {
        if (u.parentId !== null && below.has(u.parentId) && !below.has(u.id)) {
          below.add(u.id);
          isGrowing = true;
        }
      }
    }
  }
  return units.filter((u) => u.kind !== 'branch' && !below.has(u.id));
}
