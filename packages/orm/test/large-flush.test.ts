import { Column, Integer, Varchar } from '@athanor/core';
import { describe, expect, test } from 'vitest';
import { declarativeBase } from '../src/index.js';
import { useDatabase } from './relationships/database.js';

// A flush of 150,000 objects: the flush's bookkeeping must not spread them into one call's
// arguments (V8's stack holds some 120,000), or a flush whose statements all ran would fail
// after them and roll back. On SQLite only (the sqlite project runs test/): what it checks is
// the ORM's own, and 150,000 rows would slow the server runs.
describe('a flush of many objects', () => {
  const Base = declarativeBase();
  class Item extends Base.model('large_flush_items', {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(20)),
  }) {}
  const db = useDatabase(Base.metadata);
  const count = 150_000;

  test('inserts and deletes them, and the session stays usable', async () => {
    const session = db.Session();
    const items = Array.from({ length: count }, (_, i) => new Item({ id: i + 1, name: `n${i}` }));
    session.addAll(items);
    await session.commit();
    const inserted = await session.query(Item).count();
    expect(inserted).toBe(count);
    for (const item of items) session.delete(item);
    await session.commit();
    expect(await session.query(Item).count()).toBe(0);
    await session.close();
  });
});
