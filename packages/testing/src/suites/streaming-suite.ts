import { InvalidRequestError, text } from '@athanor/core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

const rowCount = 2500;

/** Streaming: rows read a batch at a time through conn.stream(). */
export function streamingSuite(h: Harness): void {
  describe('streaming', () => {
    const numbers = h.table('stream_numbers');
    const selectAll = () => text(`SELECT n, label FROM ${numbers} ORDER BY n`);

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.exec(`CREATE TABLE ${numbers} (n INTEGER PRIMARY KEY, label VARCHAR(20))`);
      const rows = Array.from({ length: rowCount }, (_, n) => ({ n, label: `row ${n}` }));
      await h.exec(`INSERT INTO ${numbers} (n, label) VALUES (:n, :label)`, rows);
    });
    afterAll(async () => {
      if (h.unreachable) return;
      await h.exec(`DROP TABLE ${numbers}`);
    });

    test(h, 'for await reads every row, in order', async () => {
      await using conn = await h.engine.connect();
      const result = await conn.stream(selectAll(), {}, { batchSize: 100 });
      expect(result.keys()).toEqual(['n', 'label']);
      let expected = 0;
      for await (const row of result) {
        expect(row.n).toBe(expected);
        expect(row[1]).toBe(`row ${expected}`);
        expected++;
      }
      expect(expected).toBe(rowCount);
    });

    test(h, 'partitions() yields batches of the size asked for', async () => {
      await using conn = await h.engine.connect();
      const result = await conn.stream(selectAll(), {}, { batchSize: 300 });
      const sizes: number[] = [];
      for await (const batch of result.partitions(1000)) sizes.push(batch.length);
      expect(sizes).toEqual([1000, 1000, 500]);
    });

    test(h, 'breaking out of the loop closes the stream and frees the connection', async () => {
      await using conn = await h.engine.connect();
      const result = await conn.stream(selectAll(), {}, { batchSize: 50 });
      for await (const row of result) {
        if (row.n === 10) break;
      }
      const after = await conn.execute(text(`SELECT COUNT(*) FROM ${numbers}`));
      expect(after.scalar()).toBe(rowCount);
    });

    test(h, 'the connection refuses other statements while a stream is open', async () => {
      await using conn = await h.engine.connect();
      const result = await conn.stream(selectAll(), {}, { batchSize: 10 });
      const error = await errorFrom(conn.execute(text('SELECT 1')));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.message).toContain('busy streaming');
      await result.close();
      expect((await conn.execute(text('SELECT 1'))).scalar()).toBe(1);
    });

    test(h, 'closing the connection closes an unread stream and rolls back', async () => {
      const conn = await h.engine.connect();
      const result = await conn.stream(selectAll(), {}, { batchSize: 10 });
      expect((await result.fetchMany(1)).length).toBe(1);
      await conn.close();
      expect(h.engine.pool?.checkedOut).toBe(0);
      await using again = await h.engine.connect();
      expect((await again.execute(text(`SELECT COUNT(*) FROM ${numbers}`))).scalar()).toBe(
        rowCount,
      );
    });

    test(h, 'engine.begin() ends a stream the work left open', async () => {
      const count = await h.engine.begin(async (conn) => {
        const result = await conn.stream(selectAll(), {}, { batchSize: 10 });
        await result.fetchMany(1);
        return rowCount;
      });
      expect(count).toBe(rowCount);
      expect((await h.exec(`SELECT COUNT(*) FROM ${numbers}`)).scalar()).toBe(rowCount);
    });

    test(h, 'commit() ends an open stream first', async () => {
      await using conn = await h.engine.connect();
      const result = await conn.stream(selectAll(), {}, { batchSize: 10 });
      await result.fetchMany(1);
      await conn.commit();
      expect((await conn.execute(text('SELECT 1'))).scalar()).toBe(1);
    });

    test(h, 'scalars(), mappings(), first() and all() work on a stream', async () => {
      await using conn = await h.engine.connect();
      const where = text(`SELECT n, label FROM ${numbers} WHERE n < :limit ORDER BY n`);
      expect(await (await conn.stream(where, { limit: 3 })).scalars().all()).toEqual([0, 1, 2]);
      expect(await (await conn.stream(where, { limit: 2 })).mappings().all()).toEqual([
        { n: 0, label: 'row 0' },
        { n: 1, label: 'row 1' },
      ]);
      expect((await (await conn.stream(where, { limit: 5 })).first())?.label).toBe('row 0');
      expect(await (await conn.stream(where, { limit: 0 })).all()).toEqual([]);
      expect(await (await conn.stream(where, { limit: 3 })).scalar()).toBe(0);
    });
  });
}
