import type { Migration } from 'kysely';
import * as initialSchema from './20261126T0000-initial-schema';
import * as accessControl from './20261126T0100-access-control';
import * as metricsRollups from './20261126T0300-metrics-rollups';
import * as appMeta from './20261126T0400-app-meta';
import * as memberRollups from './20261126T0500-member-rollups';
import * as memberDateIndexes from './20261126T0600-member-date-indexes';
import * as dayRollups from './20261126T0700-day-rollups';
import * as yearToDateRollups from './20261126T0800-year-to-date-rollups';
import * as sharerFirstDay from './20261126T0900-sharer-first-day';
import * as dataVersion from './20261206T1000-data-version';
import * as attendedPersonTimes from './20261207T0100-attended-person-times';
import * as weightsPerYear from './20261209T0200-weights-per-year';
import * as importRuns from './20261210T0100-import-runs';
import * as attachments from './20261211T0100-attachments';
import * as metricsVersion from './20261212T0100-metrics-version';
import * as memberIndexVersion from './20261213T0100-member-index-version';
import * as rollupYearVersions from './20261213T0200-rollup-year-versions';
import * as setupVersion from './20261214T0100-setup-version';

/**
 * Every migration, by its timestamped name. Listed statically (not read from the folder)
 * so the same code runs under tsx, vitest and a bundler.
 */
export const migrations: Record<string, Migration> = {
  '20261126T0000-initial-schema': initialSchema,
  '20261126T0100-access-control': accessControl,
  '20261126T0300-metrics-rollups': metricsRollups,
  '20261126T0400-app-meta': appMeta,
  '20261126T0500-member-rollups': memberRollups,
  '20261126T0600-member-date-indexes': memberDateIndexes,
  '20261126T0700-day-rollups': dayRollups,
  '20261126T0800-year-to-date-rollups': yearToDateRollups,
  '20261126T0900-sharer-first-day': sharerFirstDay,
  '20261206T1000-data-version': dataVersion,
  '20261207T0100-attended-person-times': attendedPersonTimes,
  '20261209T0200-weights-per-year': weightsPerYear,
  '20261210T0100-import-runs': importRuns,
  '20261211T0100-attachments': attachments,
  '20261212T0100-metrics-version': metricsVersion,
  '20261213T0100-member-index-version': memberIndexVersion,
  '20261213T0200-rollup-year-versions': rollupYearVersions,
  '20261214T0100-setup-version': setupVersion,
};
