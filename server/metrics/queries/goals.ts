/** Goals of a year and the index weights (tables goals, metric_weights), resolved per branch. */
import type { TCategory } from '../../../shared/domain';
import type { TMetricKey } from '../../../shared/metric-keys';
import type { DBOrTrx } from '../../db/database';
import { weightsOfYear } from '../../db/queries/goals';
import { memoizedBySetup } from '../versions';

export interface TGoalBook {
  all: Partial<Record<TMetricKey, number>>;
  byCategory: Map<string, Partial<Record<TMetricKey, number>>>;
  byBranch: Map<string, Partial<Record<TMetricKey, number>>>;
}

/**
 * The goals of `year`, held per connection and setup version (every write to goals moves it): each
 * evaluated range and the overview's calls read them. Shared between callers: never change the book.
 */
export function loadGoalBook(db: DBOrTrx, year: number): Promise<TGoalBook> {
  return memoizedBySetup(db, `goals:${year}`, () => readGoalBook(db, year));
}

async function readGoalBook(db: DBOrTrx, year: number): Promise<TGoalBook> {
  const rows = await db
    .selectFrom('goals')
    .select(['scope_type', 'scope_ref', 'metric', 'target'])
    .where('year', '=', year)
    .execute();
  const book: TGoalBook = { all: {}, byCategory: new Map(), byBranch: new Map() };
  for (const row of rows) {
    if (row.scope_type === 'all') {
      book.all[row.metric] = Number(row.target);
      continue;
    }
    const map = row.scope_type === 'category' ? book.byCategory : book.byBranch;
    const entry = map.get(row.scope_ref) ?? {};
    entry[row.metric] = Number(row.target);
    map.set(row.scope_ref, entry);
  }
  return book;
}

/** The yearly target per metric for one branch: branch > category > all. */
export function targetsFor(
  book: TGoalBook,
  branchCode: string,
  category: TCategory | null,
): Partial<Record<TMetricKey, number>> {
  return {
    ...book.all,
    ...(category ? book.byCategory.get(category) : undefined),
    ...book.byBranch.get(branchCode),
  };
}

/** The index weights of a goal year (db/queries/goals.ts weightsOfYear). */
export async function loadWeights(
  db: DBOrTrx,
  goalYear: number,
): Promise<Partial<Record<TMetricKey, number>>> {
  return (await weightsOfYear(db, goalYear)).weights;
}
