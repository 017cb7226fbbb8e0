// Regenerates src/mysql-reserved-words.ts from a live MariaDB or MySQL server:
//   node scripts/reserved-words.mjs [mysql://root@127.0.0.1:3306/test]
// It tries every word of information_schema.KEYWORDS unquoted as a table and a column name in
// each statement shape the compiler writes, and keeps the words the server misreads: a syntax
// error, or a SELECT that returns something other than the column (`current_date`, say). The
// words the manuals of MySQL 8.0/8.4 mark reserved are kept too (a MariaDB server cannot test
// them), so one list serves both servers.
import mysql from 'mysql2/promise';
import { writeReservedWordsModule } from '../../../scripts/reserved-words-module.mjs';

const url = process.argv[2] ?? 'mysql://root@127.0.0.1:3306/test';

// MySQL 8.0 and 8.4 reserved words, marked (R) in "Keywords and Reserved Words in MySQL 8.0/8.4"
// (dev.mysql.com/doc/mysqld-version-reference/en/keywords-8-0.html and keywords-8-4.html).
const mysqlManual = `
accessible add all alter analyze and as asc asensitive before between bigint binary blob both by
call cascade case change char character check collate column condition constraint continue convert
create cross cube cume_dist current_date current_time current_timestamp current_user cursor database
databases day_hour day_microsecond day_minute day_second dec decimal declare default delayed delete
dense_rank desc describe deterministic distinct distinctrow div double drop dual each else elseif
empty enclosed escaped except exists exit explain false fetch first_value float float4 float8 for
force foreign from fulltext function generated get grant group grouping groups having high_priority
hour_microsecond hour_minute hour_second if ignore in index infile inner inout insensitive insert int
int1 int2 int3 int4 int8 integer intersect interval into io_after_gtids io_before_gtids is iterate
join json_table key keys kill lag last_value lateral lead leading leave left like limit linear lines
load localtime localtimestamp lock long longblob longtext loop low_priority manual master_bind
master_ssl_verify_server_cert match maxvalue mediumblob mediumint mediumtext middleint
minute_microsecond minute_second mod modifies natural not no_write_to_binlog nth_value ntile null
numeric of on optimize optimizer_costs option optionally or order out outer outfile over parallel
partition percent_rank precision primary procedure purge qualify range rank read reads read_write
real recursive references regexp release rename repeat replace require resignal restrict return
revoke right rlike row rows row_number schema schemas second_microsecond select sensitive separator
set show signal smallint spatial specific sql sqlexception sqlstate sqlwarning sql_big_result
sql_calc_found_rows sql_small_result ssl starting stored straight_join system table tablesample
terminated then tinyblob tinyint tinytext to trailing trigger true undo union unique unlock unsigned
update usage use using utc_date utc_time utc_timestamp values varbinary varchar varcharacter varying
virtual when where while window with write xor year_month zerofill
`
  .split(/\s+/)
  .filter(Boolean);

const db = await mysql.createConnection({ uri: url });
const [[{ v: version }]] = await db.query('SELECT version() AS v');
const [rows] = await db.query('SELECT LOWER(WORD) AS w FROM information_schema.KEYWORDS');
const keywords = [...new Set(rows.map((r) => r.w))].filter((w) => /^[a-z_][a-z0-9_$]*$/.test(w));
const q = (w) => `\`${w}\``;

// A table with every keyword as a column, holding the column's own position as its value.
const probe = `athanor_kw_probe_${process.pid}`;
await db.query(`DROP TABLE IF EXISTS ${probe}`);
await db.query(`CREATE TABLE ${probe} (${keywords.map((w) => `${q(w)} INT`).join(', ')})`);
await db.query(`INSERT INTO ${probe} VALUES (${keywords.map((_, i) => i).join(', ')})`);

const missing = 'athanor_no_such_table';
/** True when the server parses the statement (it may fail later: no such table). */
async function parses(sql) {
  try {
    await db.query(sql);
    return true;
  } catch (error) {
    return error.errno !== 1064;
  }
}
const misread = [];
for (const [i, w] of keywords.entries()) {
  const asColumn = [
    `INSERT INTO ${missing} (${w}) VALUES (1) ON DUPLICATE KEY UPDATE ${w} = VALUES(${w})`,
    `UPDATE ${missing} SET ${w} = 1 WHERE ${w} = 1`,
    `DELETE FROM ${missing} WHERE ${w} = 1`,
    `CREATE TABLE ${missing} (${w} INTEGER NOT NULL, PRIMARY KEY (${w}), UNIQUE (${w}), FOREIGN KEY (${w}) REFERENCES ${missing} (${w})) ENGINE=athanor_no_such_engine`,
  ];
  const asTable = [
    `INSERT INTO ${w} (c) VALUES (1)`,
    `INSERT INTO ${w} () VALUES ()`,
    `SELECT ${w}.c AS c FROM ${w} WHERE ${w}.c = 1 ORDER BY ${w}.c`,
    `SELECT x.c FROM ${w} AS x JOIN ${w} ON x.c = ${w}.c`,
    `UPDATE ${w} SET c = 1 WHERE c = 1`,
    `DELETE FROM ${w} WHERE c = 1`,
    `CREATE TABLE ${w} (c INTEGER) ENGINE=athanor_no_such_engine`,
    `CREATE INDEX ${w} ON ${missing} (c)`,
    `DROP TABLE ${w}`,
  ];
  let ok = true;
  for (const sql of [...asColumn, ...asTable]) if (ok && !(await parses(sql))) ok = false;
  if (ok) {
    // Parsed, but is it the column? (`current_date` is a function, not the column.)
    try {
      const [got] = await db.query(
        `SELECT ${w}, ${probe}.${w} AS ${w} FROM ${probe} WHERE ${w} = ${i} ORDER BY ${w}`,
        [],
      );
      ok = got.length === 1 && Object.values(got[0]).every((v) => v === i);
    } catch {
      ok = false;
    }
  }
  if (!ok) misread.push(w);
}
await db.query(`DROP TABLE ${probe}`);
await db.end();

const words = [...new Set([...misread, ...mysqlManual])].sort();
writeReservedWordsModule(new URL('../src/mysql-reserved-words.ts', import.meta.url), {
  name: 'mysqlReservedWords',
  words,
  doc: `
Names MySQL and MariaDB cannot take unquoted. Generated by scripts/reserved-words.mjs: the words
of information_schema.KEYWORDS that the server misreads unquoted as a table or column name in
the statements Athanor writes, and the words the MySQL 8.0 and 8.4 manuals mark reserved.
Generated on ${version} (${misread.length} words misread). Regenerate it against a newer server
when one adds keywords.
`,
});
console.log(`${words.length} words (${misread.length} misread by ${version})`);
