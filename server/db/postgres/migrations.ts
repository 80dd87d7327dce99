import type { Migration } from 'kysely';
import { migrations } from '../migrations';
import { down as memberIndexDown, up as memberIndexUp } from './member-index-triggers';
import { down as setupDown, up as setupUp } from './setup-version-triggers';
import { down, up } from './triggers';

/**
 * The migrations a PostgreSQL database runs: the shared ones (their `date` columns made text by
 * DateAsTextPlugin; their SQLite triggers skipped by their own adapter check), then PostgreSQL's part of
 * every trigger they define (./triggers.ts). A later migration that adds or changes triggers puts its
 * PostgreSQL part here too, under its own name, so the two lists stay in step.
 */
export const postgresMigrations: Record<string, Migration> = {
  ...migrations,
  '20261212T0200-postgres-triggers': { up, down },
  '20261213T0200-postgres-member-index-triggers': { up: memberIndexUp, down: memberIndexDown },
  '20261214T0200-postgres-setup-version-triggers': { up: setupUp, down: setupDown },
};
