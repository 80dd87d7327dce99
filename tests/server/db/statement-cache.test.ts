/** Prepared statements are reused per SQL text, never while one is still being iterated. */
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../server/db/connection';

describe('statement cache', () => {
  it('hands out the same statement for the same SQL, a fresh one while it is busy', () => {
    const sqlite = new SQLite(':memory:');
    sqlite.exec('create table t (x integer); insert into t values (1), (2), (3);');
    const db = withStatementCache(sqlite);
    const text = 'select x from t order by x';
    const first = db.prepare(text) as unknown as SQLite.Statement;
    expect(db.prepare(text)).toBe(first);
    expect(db.prepare('select count(*) as n from t')).not.toBe(first);

    const rows = first.iterate();
    expect(rows.next().value).toEqual({ x: 1 });
    const meanwhile = db.prepare(text) as unknown as SQLite.Statement;
    expect(meanwhile).not.toBe(first);
    expect(meanwhile.all()).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    expect(rows.next().value).toEqual({ x: 2 });
    rows.return?.();
    // Done iterating: the cached statement is handed out again and still reads current data.
    sqlite.exec('insert into t values (4)');
    expect(db.prepare(text)).toBe(first);
    expect(first.all()).toHaveLength(4);
    db.close();
  });
});
