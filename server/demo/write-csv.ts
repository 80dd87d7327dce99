/**
 * Writes the demo college as the import-format CSV sheets (组织.csv 党员.csv 组织生活.csv 成果.csv
 * 目标.csv), streaming to disk one branch at a time; `npm run cli -- import DIR` reads them back.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CATEGORIES } from '../../shared/domain';
import { ALL_SCOPE_LABELS, SHEETS, type TSheetKey } from '../../shared/import-format';
import { type CsvFileWriter, createCsvFileWriter } from '../export/csv';
import { sheetHeader, toSheetCells } from '../export/sheet-cells';
import { generateDemo } from './generator';
import type { DemoGoal, DemoOptions, DemoSummary } from './types';

export function demoSheetFileName(sheet: TSheetKey): string {
  return `${SHEETS[sheet].zh}.csv`;
}

function goalScopeCell(g: DemoGoal): string {
  if (g.scope.type === 'all') return ALL_SCOPE_LABELS[0];
  if (g.scope.type === 'category') return CATEGORIES.byKey[g.scope.category].zh;
  return g.scope.code;
}

export async function writeDemoCsv(dir: string, opts: DemoOptions = {}): Promise<DemoSummary> {
  const data = generateDemo(opts);
  await mkdir(dir, { recursive: true });
  const open = (sheet: TSheetKey) =>
    createCsvFileWriter(join(dir, demoSheetFileName(sheet)), sheetHeader(sheet));
  const writers: Record<TSheetKey, CsvFileWriter> = {
    units: open('units'),
    members: open('members'),
    activities: open('activities'),
    achievements: open('achievements'),
    goals: open('goals'),
  };
  let formats = 0;
  let modules = 0;
  let sharers = 0;
  try {
    for (const u of data.units) await writers.units.writeRow(toSheetCells('units', { ...u }));
    for (const rows of data.branches()) {
      for (const m of rows.members) await writers.members.writeRow(toSheetCells('members', { ...m }));
      for (const a of rows.activities) {
        formats += a.formats.length;
        modules += a.modules.length;
        sharers += a.sharers.length;
        await writers.activities.writeRow(toSheetCells('activities', { ...a }));
      }
      for (const a of rows.achievements)
        await writers.achievements.writeRow(toSheetCells('achievements', { ...a }));
    }
    for (const g of data.goals) {
      await writers.goals.writeRow(
        toSheetCells('goals', { year: g.year, scope: goalScopeCell(g), metric: g.metric, target: g.target }),
      );
    }
  } finally {
    await Promise.all(Object.values(writers).map((w) => w.close()));
  }
  return {
    options: data.options,
    counts: {
      units: writers.units.rowCount,
      members: writers.members.rowCount,
      activities: writers.activities.rowCount,
      activity_formats: formats,
      activity_modules: modules,
      activity_sharers: sharers,
      achievements: writers.achievements.rowCount,
      goals: writers.goals.rowCount,
    },
  };
}
