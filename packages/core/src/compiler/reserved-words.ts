/**
 * The default `SqlCompiler.reservedWords`, for a dialect that sets none (and the generic
 * dialect that prints statements): the SQL standard's reserved words and those of PostgreSQL,
 * MySQL/MariaDB and SQLite. Quoting a word that did not need it is harmless; not quoting one
 * that did is a syntax error, so the list leans wide. The built-in dialects each set their own,
 * generated from their database.
 */
export const reservedWords: ReadonlySet<string> = new Set(
  `
  abort accessible action add after all alter analyse analyze and any array as asc asensitive
  asymmetric attach authorization autoincrement before begin between bigint binary blob both by
  call cascade case cast change char character check collate column commit condition conflict
  constraint continue convert create cross current current_date current_role current_time
  current_timestamp current_user cursor database databases day_hour day_microsecond day_minute
  day_second dec decimal declare default deferrable deferred delayed delete desc describe detach
  deterministic distinct distinctrow div do double drop dual each else elseif enclosed end escape
  escaped except exclusive exists exit explain false fetch filter float float4 float8 for force
  foreign freeze from full fulltext function generated glob grant group groups having
  high_priority hour_microsecond hour_minute hour_second if ignore ilike immediate in index
  infile initially inner inout insensitive insert instead int int1 int2 int3 int4 int8 integer
  intersect interval into is isnull iterate join key keys kill lateral leading leave left like
  limit linear lines load localtime localtimestamp lock long longblob longtext loop low_priority
  match mediumblob mediumint mediumtext middleint minute_microsecond minute_second mod modifies
  natural no not notnull nothing null numeric of off offset on only optimize option optionally
  or order out outer outfile over overlaps partition placing plan pragma precision primary
  procedure purge raise range rank read reads real recursive references regexp reindex release
  rename repeat replace require resignal restrict return returning revoke right rlike row rows
  savepoint schema schemas second_microsecond select sensitive separator session_user set show
  signal similar smallint some spatial specific sql sql_big_result sql_calc_found_rows
  sql_small_result sqlexception sqlstate sqlwarning ssl starting stored straight_join symmetric
  system table temp temporary terminated then tinyblob tinyint tinytext to trailing transaction
  trigger true undo union unique unlock unsigned update usage use user using utc_date utc_time
  utc_timestamp vacuum values varbinary varchar varcharacter variadic varying verbose view
  virtual when where while window with without write xor year_month zerofill
  `
    .split(/\s+/)
    .filter(Boolean),
);
