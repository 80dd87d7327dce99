/**
 * Multi-row statements: 400 rows × ≤14 columns stays far below SQLite's 32,766 and PostgreSQL's
 * 65,535 bound parameters while cutting per-statement overhead ~400-fold.
 */
export const ROWS_PER_INSERT = 400;

export function* chunks<T>(items: readonly T[], size = ROWS_PER_INSERT): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Joins natural-key parts; \u0001 cannot occur in a cell that passed the readers. */
export function keyOf(...parts: (string | number)[]): string {
  return parts.join('\u0001');
}

/** Compares field lists the way the database stores them (null, numbers, 0/1). */
export function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
