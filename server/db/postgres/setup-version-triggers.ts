import { SETUP_TABLES } from '../migrations/20261214T0100-setup-version';
import { versionTriggers } from './version-triggers';

// PostgreSQL's part of migration 20261214T0100-setup-version: setup_version moves when a statement
// wrote a row of units, goals or metric_weights.
export const { up, down } = versionTriggers(
  'setup',
  'setup_version',
  Object.fromEntries(
    SETUP_TABLES.map((table) => [table, { events: ['insert', 'update', 'delete'] as const }]),
  ),
);
