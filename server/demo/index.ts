/** The demo college generator (see README.md): load it into a database or write it as CSV sheets. */
export { type DemoData, generateDemo } from './generator';
export { DemoTargetNotEmptyError, loadDemo } from './load-demo';
export type {
  DemoAchievement,
  DemoActivity,
  DemoBranchRows,
  DemoCounts,
  DemoGoal,
  DemoMember,
  DemoOptions,
  DemoSummary,
  DemoUnit,
  TResolvedDemoOptions,
} from './types';
export { demoSheetFileName, writeDemoCsv } from './write-csv';
