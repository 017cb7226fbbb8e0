import * as sa from '@athanor/core';
import { createEngine, text, Table, MetaData, Column, insert } from '@athanor/core';
import '@athanor/sqlite';
const e = createEngine('sqlite://');
const md = new MetaData();
const t = new Table('t', md, {id: new Column(sa.Integer, {primaryKey: true}), n: new Column(sa.Integer)});
await md.createAll(e);
const mode = process.argv[2];
try { await e.begin(c => c.execute(insert(t), [{n: 1}, {n: mode}])); console.log('ok many') } catch (err) { console.log(err.code, err.message) }
try { await e.connect(async c => console.log((await c.execute(text('select 1 as x'))).all())) } catch (err) { console.log(err.code, err.message.slice(0,50)) }
await e.dispose();
