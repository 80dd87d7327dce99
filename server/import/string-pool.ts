/**
 * Shares one copy of each repeated value among the parsed rows of an import. A 345k-row 组织生活
 * sheet repeats ~2,000 branch codes, ~1,800 dates, a few thousand titles and a few hundred format
 * lists; without sharing, every row holds its own copies (≈ 250 bytes a row of the ~470 it costs).
 * One pool lives for one parse; the rows keep the shared values, the pool itself is then dropped.
 */
const EMPTY: readonly string[] = Object.freeze([]);

export class StringPool {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();

  /** The pool's copy of this string (the first one seen). */
  intern<T extends string | null>(value: T): T {
    if (value === null) return value;
    const shared = this.strings.get(value);
    if (shared !== undefined) return shared as T;
    this.strings.set(value, value);
    return value;
  }

  /** The pool's copy of this list (same items, same order), frozen because rows share it. */
  internList<T extends string>(items: readonly T[]): readonly T[] {
    if (items.length === 0) return EMPTY as readonly T[];
    const key = items.join('\u0001');
    const shared = this.lists.get(key);
    if (shared !== undefined) return shared as readonly T[];
    const list = Object.freeze(items.map((item) => this.intern(item)));
    this.lists.set(key, list);
    return list;
  }
}
