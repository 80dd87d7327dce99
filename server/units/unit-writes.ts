/**
 * The organisation department's writes of units (党委 / 党总支 / 党支部): create, change (rename, move under
 * another unit, category, groups, dates), dissolve on a day, and delete — only a unit nothing refers to;
 * a unit with history is dissolved instead. Values are checked by the unit's one schema
 * (shared/schemas/record-inputs.ts, the rules the importer's 组织 sheet calls too); what needs the
 * database is checked here: the code is unique and fixed, the parent exists, is not a branch and not
 * below the unit, the unit's sessions and achievements stay inside its existence, and units under it
 * do not outlive it. One transaction per write with its audit row; the data version moves by trigger,
 * so the metrics and the shared answers are computed afresh (server/metrics/README.md).
 */

import { dissolvedBeforeEstablishedProblem, type TRuleProblem } from '../../shared/record-rules';
import type {
  RECORD_FIELD_COLUMNS,
  TUnitDissolve,
  TUnitInput,
  TUnitUpdate,
} from '../../shared/schemas/record-inputs';
import { recordAudit } from '../audit/audit';
import { withTransaction } from '../audit/transaction';
import type { TAuditActor } from '../auth/types';
import type { DBOrTrx } from '../db/database';
import {
  countUnitReferences,
  deleteUnit,
  findRecordsOutside,
  insertUnit,
  listAncestorIds,
  listChildrenAfter,
  readUnit,
  readUnitByCode,
  type TStoredUnit,
  updateUnit,
} from '../db/queries/units';
import { recordNotFound, refuseFields, type TFieldProblem } from '../records/branch-access';

type TUnitField = keyof typeof RECORD_FIELD_COLUMNS.units;

function rowKeyOf(u: TStoredUnit) {
  return { id: u.id, code: u.code };
}

function auditFieldsOf({ id: _id, parent_id: _parentId, ...fields }: TStoredUnit) {
  return fields;
}

/** The checks that need the database; every problem at once, each under its field. */
async function unitProblems(
  trx: DBOrTrx,
  input: TUnitInput,
  existing: TStoredUnit | undefined,
): Promise<{ problems: TFieldProblem<TUnitField>[]; parentId: number | null }> {
  const problems: TFieldProblem<TUnitField>[] = [];
  const add = (field: TUnitField, problem: TRuleProblem | null) => {
    if (problem) problems.push({ field, problem });
  };
  if (!existing) {
    if (await readUnitByCode(trx, input.code)) {
      add('code', { code: 'record_exists', params: { what: '编号', whatEn: 'code' } });
    }
  } else if (input.code !== existing.code) {
    add('code', { code: 'unit_code_fixed' });
  }
  add('dissolvedOn', dissolvedBeforeEstablishedProblem(input.establishedOn, input.dissolvedOn));

  let parentId: number | null = null;
  if (input.parentCode !== null) {
    const parent = await readUnitByCode(trx, input.parentCode);
    if (!parent) add('parentCode', { code: 'parent_unknown', params: { code: input.parentCode } });
    else if (parent.kind === 'branch')
      add('parentCode', { code: 'parent_is_branch', params: { code: parent.code } });
    else if (existing && parent.id === existing.id) add('parentCode', { code: 'parent_self' });
    else if (existing && (await listAncestorIds(trx, parent.id)).includes(existing.id)) {
      add('parentCode', { code: 'parent_cycle' });
    } else parentId = parent.id;
  }

  if (existing) {
    const refs = await countUnitReferences(trx, existing);
    if (input.kind !== existing.kind && refs.records + refs.children > 0)
      add('kind', { code: 'unit_kind_fixed' });
    const outside = await findRecordsOutside(trx, {
      unitId: existing.id,
      from: input.establishedOn,
      to: input.dissolvedOn,
    });
    if (outside.n > 0) {
      const isAfterEnd = input.dissolvedOn !== null && (outside.last ?? '') > input.dissolvedOn;
      add(isAfterEnd ? 'dissolvedOn' : 'establishedOn', {
        code: 'records_outside_unit',
        params: {
          n: outside.n,
          from: input.establishedOn,
          to: input.dissolvedOn ?? '—',
          first: outside.first ?? '',
          last: outside.last ?? '',
        },
      });
    }
    if (input.dissolvedOn !== null) {
      const codes = await listChildrenAfter(trx, existing.id, input.dissolvedOn);
      if (codes.length)
        add('dissolvedOn', { code: 'children_outlive_unit', params: { codes: codes.join('、') } });
    }
  }
  return { problems, parentId };
}

function columnsOf(input: TUnitInput, parentId: number | null) {
  return {
    code: input.code,
    name: input.name,
    kind: input.kind,
    parent_id: parentId,
    category: input.category,
    established_on: input.establishedOn,
    dissolved_on: input.dissolvedOn,
    has_groups: input.hasGroups ? 1 : 0,
  };
}

async function checked(trx: DBOrTrx, input: TUnitInput, existing?: TStoredUnit): Promise<number | null> {
  const { problems, parentId } = await unitProblems(trx, input, existing);
  if (problems.length) {
    const isConflict = problems.some((p) => p.problem.code === 'record_exists');
    throw refuseFields('units', problems, isConflict ? 'CONFLICT' : 'BAD_REQUEST');
  }
  return parentId;
}

export async function createUnit(
  db: DBOrTrx,
  input: TUnitInput,
  actor: TAuditActor,
): Promise<{ id: number }> {
  return withTransaction(db, async (trx) => {
    const parentId = await checked(trx, input);
    const id = await insertUnit(trx, columnsOf(input, parentId));
    const after = await readUnit(trx, id);
    if (!after) throw recordNotFound('units', id);
    await recordAudit(trx, {
      ...actor,
      table: 'units',
      rowKey: rowKeyOf(after),
      action: 'insert',
      after: auditFieldsOf(after),
    });
    return { id };
  });
}

async function writeChange(
  trx: DBOrTrx,
  before: TStoredUnit,
  input: TUnitInput,
  actor: TAuditActor,
): Promise<{ id: number }> {
  const parentId = await checked(trx, input, before);
  await updateUnit(trx, before.id, columnsOf(input, parentId));
  const after = await readUnit(trx, before.id);
  if (!after) throw recordNotFound('units', before.id);
  await recordAudit(trx, {
    ...actor,
    table: 'units',
    rowKey: rowKeyOf(after),
    action: 'update',
    before: auditFieldsOf(before),
    after: auditFieldsOf(after),
  });
  return { id: before.id };
}

async function requireUnit(trx: DBOrTrx, id: number): Promise<TStoredUnit> {
  const unit = await readUnit(trx, id);
  if (!unit) throw recordNotFound('units', id);
  return unit;
}

/** Rename, move under another unit, or change any other field but the code. */
export async function changeUnit(
  db: DBOrTrx,
  { id, ...input }: TUnitUpdate,
  actor: TAuditActor,
): Promise<{ id: number }> {
  return withTransaction(db, async (trx) => writeChange(trx, await requireUnit(trx, id), input, actor));
}

function inputOf(u: TStoredUnit): TUnitInput {
  return {
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentCode: u.parent_code,
    category: u.category,
    establishedOn: u.established_on,
    dissolvedOn: u.dissolved_on,
    hasGroups: u.has_groups === 1,
  };
}

/** Dissolves a unit: `dissolvedOn` is its last day; the same checks as any change. */
export async function dissolveUnit(
  db: DBOrTrx,
  { id, dissolvedOn }: TUnitDissolve,
  actor: TAuditActor,
): Promise<{ id: number }> {
  return withTransaction(db, async (trx) => {
    const before = await requireUnit(trx, id);
    return writeChange(trx, before, { ...inputOf(before), dissolvedOn }, actor);
  });
}

/** Deletes a unit nothing refers to (no memberships, records, units under it, goals or accounts). */
export async function removeUnit(db: DBOrTrx, id: number, actor: TAuditActor): Promise<{ id: number }> {
  return withTransaction(db, async (trx) => {
    const before = await requireUnit(trx, id);
    const refs = await countUnitReferences(trx, before);
    const what = [
      refs.records > 0 && {
        zh: `${refs.records} 条党员、组织生活或成果记录`,
        en: `${refs.records} member, session or achievement record(s)`,
      },
      refs.children > 0 && { zh: `${refs.children} 个下级组织`, en: `${refs.children} unit(s) under it` },
      refs.goals > 0 && { zh: `${refs.goals} 个目标`, en: `${refs.goals} goal(s)` },
      refs.users > 0 && { zh: `${refs.users} 个账号`, en: `${refs.users} account(s)` },
    ].filter((x) => x !== false);
    if (what.length) {
      const problem: TRuleProblem = {
        code: 'unit_has_history',
        params: { what: what.map((w) => w.zh).join('、'), whatEn: what.map((w) => w.en).join(', ') },
      };
      throw refuseFields('units', [{ field: 'code', problem }], 'CONFLICT');
    }
    await deleteUnit(trx, id);
    await recordAudit(trx, {
      ...actor,
      table: 'units',
      rowKey: rowKeyOf(before),
      action: 'delete',
      before: auditFieldsOf(before),
    });
    return { id };
  });
}
