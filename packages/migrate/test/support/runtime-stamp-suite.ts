import { type Engine, inspect, text } from '@athanor/core';
import { afterEach, describe, expect, test } from 'vitest';
import { stamp } from '../../src/index.js';
import type { DatabaseKind } from './migration-database.js';
import { useMigrationDatabase } from './migration-database.js';
import { MigrationProject, uniqueSuffix } from './migration-project.js';

/**
 * `stamp` on a branched graph, on one database: r1 below two branches, a1 → a2 and b1 → b2.
 * Each revision would create a table, so a table appearing would show a migration ran.
 */
export function stampSuite(kind: DatabaseKind): void {
  describe(`stamp on ${kind}`, () => {
    const db = useMigrationDatabase(kind);
    const projects: MigrationProject[] = [];
    afterEach(() => {
      for (const project of projects.splice(0)) project.remove();
    });

    function branched(): { project: MigrationProject; p: string } {
      const p = `s${uniqueSuffix()}`;
      const project = new MigrationProject(db.url(), `${p}_version`);
      projects.push(project);
      for (const [id, down] of [
        ['r1', null],
        ['a1', 'r1'],
        ['a2', 'a1'],
        ['b1', 'r1'],
        ['b2', 'b1'],
      ] as const) {
        project.write({
          id,
          down,
          upgrade: `  await op.createTable('${p}_${id}', { id: new sa.Column(sa.Integer, { primaryKey: true }) });`,
          downgrade: `  await op.dropTable('${p}_${id}');`,
        });
      }
      return { project, p };
    }

    async function versionRows(engine: Engine, p: string): Promise<string[]> {
      const result = await engine.execute(text(`SELECT version_num FROM ${p}_version`));
      return result
        .all()
        .map((row) => String(row.version_num))
        .sort();
    }

    test('a revision moves only the row of its own branch, up or down', async (context) => {
      db.skipIfUnreachable(context);
      const { project, p } = branched();
      const engine = db.engine();
      const config = project.config;
      expect(await stamp(config, 'a1', { engine })).toEqual(['a1']);
      // b1 shares no recorded head's line: a new row, a1's stays.
      expect(await stamp(config, 'b1', { engine })).toEqual(['a1', 'b1']);
      expect(await versionRows(engine, p)).toEqual(['a1', 'b1']);
      // Up branch A: a1's row becomes a2, b1's row is left alone.
      await stamp(config, 'a2', { engine });
      expect(await versionRows(engine, p)).toEqual(['a2', 'b1']);
      // Down branch A: a2's row goes back to a1.
      await stamp(config, 'a1', { engine });
      expect(await versionRows(engine, p)).toEqual(['a1', 'b1']);
      // Stamping a recorded head changes nothing.
      expect(await stamp(config, 'b1', { engine })).toEqual(['a1', 'b1']);
      expect(await stamp(config, 'heads', { engine })).toEqual(['a2', 'b2']);
      expect(await versionRows(engine, p)).toEqual(['a2', 'b2']);
      // r1 is below both heads: both rows become one.
      await stamp(config, 'r1', { engine });
      expect(await versionRows(engine, p)).toEqual(['r1']);
      await stamp(config, 'a2,b1', { engine });
      expect(await versionRows(engine, p)).toEqual(['a2', 'b1']);
      expect(await stamp(config, 'base', { engine })).toEqual([]);
      expect(await versionRows(engine, p)).toEqual([]);
      const connection = await engine.connect();
      try {
        const names = await inspect(connection).getTableNames();
        expect(names.filter((name) => name.startsWith(`${p}_`))).toEqual([`${p}_version`]);
      } finally {
        await connection.close();
      }
    });

    test('--purge empties the table first, dropping rows of revisions that are gone', async (context) => {
      db.skipIfUnreachable(context);
      const { project, p } = branched();
      const engine = db.engine();
      await stamp(project.config, 'b2', { engine });
      await engine.execute(text(`INSERT INTO ${p}_version (version_num) VALUES ('deleted0001')`));
      expect(await stamp(project.config, 'a1', { engine })).toEqual(['a1', 'b2', 'deleted0001']);
      expect(await stamp(project.config, 'a1', { engine, purge: true })).toEqual(['a1']);
      expect(await versionRows(engine, p)).toEqual(['a1']);
    });
  });
}
