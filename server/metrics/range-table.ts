/**
 * One counted range evaluated for a set of branches (the whole college, or a few), kept column by
 * column: the branches in code order, their sums as flat rows of one Float64Array (sums.ts "Flat sums"),
 * index and complianceRate as numbers. Values and goals are derived from the sums when a row is read.
 *
 * Why columns: a college-wide range is shared by the procedures of a page (memo.ts) and lives until the
 * response is sent. As objects (sums with five nested records, values, goals per branch) it held ≈ 1 KB
 * per branch on the V8 heap, and the young-generation collector copies every survivor: at 10,000
 * branches that copying was a large share of a request and grew faster than the college
 * (PERFORMANCE.md "Why columns, not objects"). Typed-array
 * contents are outside the collected heap, so keeping a range costs the collector next to nothing.
 */
import type { TLevel, TRequirement } from '../../shared/domain';
import type { TMetricKey } from '../../shared/metric-keys';
import type { TGoalResult, TMetricValues } from '../../shared/schemas/metrics';
import { complianceByTypeOfFlat, evaluateGoals, goalOf, scaledTarget, valuesOfFlat } from './derive';
import { METRIC_FORMULAS } from './formulas';
import type { TReportedBranch } from './queries/reported-branches';
import { addFlatSums, readProjectsByLevel, SUMS_WIDTH, type TMetricSums } from './sums';

/** A reported branch's identity object and its row's bookkeeping, as V8 holds them (estimate). */
const BYTES_PER_BRANCH_IDENTITY = 400;

/** Yearly targets of a branch by metric (queries/goals.ts targetsFor). */
export type TTargets = Partial<Record<TMetricKey, number>>;

export class RangeTable {
  /** Row of each branch id (−1: not in the table); ids are small dense integers (units.id). */
  readonly #position: PositionIndex;
  readonly #sums: Float64Array;
  /** Days counted / days in the goal year: how count targets scale (metrics.md "Goals"); set by the engine. */
  scale = 1;
  /**
   * The versions this college range was computed at (versions.ts rangeVersion; set by collegeRanges):
   * what is derived from it (its ranks) is kept under the same, never under versions read later.
   * Private, so that it is not part of what the range holds (a fresh range equals a kept one).
   */
  #version: string | null = null;

  get version(): string | null {
    return this.#version;
  }

  set version(version: string | null) {
    this.#version = version;
  }
  /** NaN where the branch has no index / no due slot (null in the API). */
  readonly #index: Float64Array;
  readonly #complianceRate: Float64Array;
  /** Shared objects: branches of one category without own goals point to the same targets. */
  readonly #targets: TTargets[];

  constructor(
    /** The evaluated branches, in code order; row i is branches[i]. */
    readonly branches: readonly TReportedBranch[],
    /** Last counted day of the range (branches dissolved before it do not exist on asOf). */
    readonly asOf: string,
  ) {
    const n = branches.length;
    this.#sums = new Float64Array(n * SUMS_WIDTH);
    this.#index = new Float64Array(n).fill(Number.NaN);
    this.#complianceRate = new Float64Array(n).fill(Number.NaN);
    this.#targets = new Array<TTargets>(n).fill({});
    this.#position = new PositionIndex(branches);
  }

  /**
   * Roughly what this range keeps alive, for the memo's budget (memo.ts): its typed arrays plus, per
   * branch, the identity object (code, name, category …) and its targets entry.
   */
  get approxBytes(): number {
    return (
      this.#sums.byteLength +
      this.#index.byteLength +
      this.#complianceRate.byteLength +
      this.branches.length * BYTES_PER_BRANCH_IDENTITY
    );
  }

  /** The flat sums rows, written by the engine row by row (sums.ts writeStats) before `evaluated`. */
  get flatSums(): Float64Array {
    return this.#sums;
  }

  /** Row i's targets, index and complianceRate (the engine, once per branch, after its sums). */
  evaluated(i: number, targets: TTargets, index: number | null, complianceRate: number | null): void {
    this.#targets[i] = targets;
    this.#index[i] = index ?? Number.NaN;
    this.#complianceRate[i] = complianceRate ?? Number.NaN;
  }

  get size(): number {
    return this.branches.length;
  }

  /** Row of a branch id, if the branch is in the table. */
  positionOf(id: number): number | undefined {
    return this.#position.of(id);
  }

  has(id: number): boolean {
    return this.#position.of(id) !== undefined;
  }

  branchAt(i: number): TReportedBranch {
    return this.branches[i]!;
  }

  indexAt(i: number): number | null {
    const index = this.#index[i]!;
    return Number.isNaN(index) ? null : index;
  }

  complianceRateAt(i: number): number | null {
    const rate = this.#complianceRate[i]!;
    return Number.isNaN(rate) ? null : rate;
  }

  existsOnAsOfAt(i: number): boolean {
    const { dissolvedOn } = this.branches[i]!;
    return dissolvedOn === null || dissolvedOn >= this.asOf;
  }

  /** complianceByType of row i (derive.ts), from its flat row. */
  complianceByTypeAt(i: number): Partial<Record<TRequirement, number | null>> {
    return complianceByTypeOfFlat(this.#sums, i * SUMS_WIDTH);
  }

  /** Approved projects by level of row i (a new object). */
  projectsByLevelAt(i: number): Record<TLevel, number> {
    return readProjectsByLevel(this.#sums, i);
  }

  /** One metric's value of row i, straight from its flat row (no values object). */
  valueAt(i: number, metric: TMetricKey): number | null {
    return METRIC_FORMULAS[metric].value(this.#sums, i * SUMS_WIDTH);
  }

  /** Every value of row i (a new object: read it once per row). */
  valuesAt(i: number): TMetricValues {
    return valuesOfFlat(this.#sums, i * SUMS_WIDTH);
  }

  /** The branch's yearly targets. */
  targetsAt(i: number): TTargets {
    return this.#targets[i]!;
  }

  /** Goals of every metric the branch has a target for, from its values. */
  goalsAt(i: number, values: TMetricValues = this.valuesAt(i)): Partial<Record<TMetricKey, TGoalResult>> {
    return evaluateGoals(values, this.#targets[i]!, this.scale);
  }

  /** The period's target of one metric (scaled like goalsAt), if the branch has a goal for it. */
  targetAt(i: number, metric: TMetricKey): number | undefined {
    const yearly = this.#targets[i]![metric];
    return yearly === undefined ? undefined : scaledTarget(metric, yearly, this.scale);
  }

  /** One metric's goal of row i (as goalsAt(i)[metric], without deriving the other values). */
  goalAt(i: number, metric: TMetricKey): TGoalResult | undefined {
    const yearly = this.#targets[i]![metric];
    if (yearly === undefined) return undefined;
    return goalOf(metric, this.valueAt(i, metric), yearly, this.scale);
  }

  /** Sums of some rows (all by default), added in the given order (metrics.md "Roll-ups"). */
  sumOf(rows?: readonly number[]): TMetricSums {
    return addFlatSums(this.#sums, rows);
  }

  /** Mean index of the rows that have one (all rows by default); null when none has. */
  meanIndex(rows?: readonly number[]): number | null {
    let total = 0;
    let count = 0;
    const n = rows ? rows.length : this.size;
    for (let k = 0; k < n; k++) {
      const index = this.#index[rows ? rows[k]! : k]!;
      if (Number.isNaN(index)) continue;
      total += index;
      count += 1;
    }
    return count > 0 ? total / count : null;
  }
}

/**
 * Branch id → row, as a typed array indexed by id: the engine looks every branch up once per query
 * result row, and at 10,000 branches a Map's lookups (and its growth while filled) cost more than
 * the arithmetic around them.
 */
export class PositionIndex {
  readonly #rows: Int32Array | undefined;
  /** Ids far sparser than the branches (a database whose units were re-created many times). */
  readonly #sparse: Map<number, number> | undefined;

  constructor(branches: readonly { id: number }[]) {
    let max = 0;
    for (const b of branches) if (b.id > max) max = b.id;
    if (max > 16 * branches.length + 65_536) {
      this.#sparse = new Map(branches.map((b, i) => [b.id, i]));
      return;
    }
    this.#rows = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < branches.length; i++) this.#rows[branches[i]!.id] = i;
  }

  of(id: number): number | undefined {
    if (this.#sparse) return this.#sparse.get(id);
    const rows = this.#rows!;
    const row = id >= 0 && id < rows.length ? rows[id]! : -1;
    return row < 0 ? undefined : row;
  }
}
