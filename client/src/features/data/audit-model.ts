/** Pure helpers of the audit log tab: filters to `audit.list` input, and a diff as lines. */
import type { TAuditFilter } from '../../lib/api-types';

export interface TAuditFilterState {
  username?: string;
  table?: string;
  /** Inclusive `YYYY-MM-DD` dates. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** The day after a `YYYY-MM-DD` date (the API's `to` is exclusive; the picker's end day is inclusive). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function toAuditInput(f: TAuditFilterState): TAuditFilter {
  return {
    username: f.username || undefined,
    table: f.table || undefined,
    from: f.from || undefined,
    to: f.to ? nextDay(f.to) : undefined,
    limit: f.pageSize,
    offset: (f.page - 1) * f.pageSize,
  };
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `field: before → after` per changed field (insert: `→ after`, delete: `before →`). */
export function diffLines(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { field: string; before: string; after: string }[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.map((field) => ({
    field,
    before: before ? show(before[field]) : '',
    after: after ? show(after[field]) : '',
  }));
}
