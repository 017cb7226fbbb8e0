import * as sa from '@athanor/core';
import { Column, ForeignKey, MetaData, Table, insert, select, update, unionAll } from '@athanor/core';
import { postgresDialect } from '@athanor/postgres';
const engine = sa.createEngine(process.argv[2] ?? 'postgresql://postgres@127.0.0.1:5432/test', { dialect: postgresDialect });
for (let batch = 0; batch < 8; batch++) {
const pre = 'i12p_' + process.pid + '_' + batch + '_';
const names = [...Array(50).keys()].map(i => `${pre}${i} x`);
const md = new MetaData();
const tables = names.map((name, i) => new Table(name, md, { id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }), parent: (i===0 || process.env.NOFK) ? new Column(sa.Integer) : new Column(sa.Integer, { foreignKey: new ForeignKey(`${names[0]}.id`, {onDelete: 'CASCADE'}) }), v: new Column(sa.Integer) }));
let t = performance.now(); const out = [];
const lap = (what) => { const n = performance.now(); out.push(what + ' ' + (n - t).toFixed(0)); t = n; };
await md.createAll(engine, { checkFirst: false }); lap('create');
await sa.inspect(engine).getTableNames(); lap('list');
for (const [i, tb] of tables.entries()) await engine.execute(insert(tb).values({ id: 1, parent: i ? 1 : null, v: i })); lap('insert');
const [f, ...r] = tables.map(tb => select(tb.c.v)); await engine.execute(unionAll(f, ...r)); lap('union');
await engine.execute(tables[0].delete().where(tables[0].c.id.eq(1))); lap('delete');
await md.dropAll(engine, { checkFirst: false }); lap('drop');
console.log(out.join(' | '));
}
await engine.dispose();
