import { CompileError } from '../errors.js';
import { nameOf } from '../sql/column-element.js';
import { collectFroms, openFroms } from '../sql/from-objects.js';
import { checkIdentifierName } from '../sql/identifier-name.js';
import { nodeType } from '../sql/node-factories.js';
import type {
  AggregateFilterNode,
  BinaryNode,
  BindNode,
  CaseNode,
  ClauseListNode,
  ColumnNode,
  CompoundSelectNode,
  CteNode,
  DeleteNode,
  ExpressionNode,
  FromNode,
  FunctionNode,
  InsertNode,
  JoinNode,
  LockingClause,
  OnConflictNode,
  OrderByNode,
  OverNode,
  RawNode,
  SelectNode,
  SqlNode,
  StatementNode,
  TextNode,
  UnaryNode,
  UpdateNode,
} from '../sql/nodes.js';
import type { CompiledSql } from '../sql/statement-rendering.js';
import type { TextClause } from '../sql/text-clause.js';
import type { TypeDialect, TypeEngine } from '../types/type-engine.js';
import { statementKey } from './cache-key.js';
import { type DialectCapabilities, defaultCapabilities } from './capabilities.js';
import { CompileContext, type SelectScope } from './compile-context.js';
import {
  type CompiledStatement,
  type ParamSlot,
  placeholderMarker,
  placeholderPattern,
  processValue,
  slotValue,
  valuesRowMarker,
} from './compiled-statement.js';
import type { DdlWriter, TypeWriter } from './compiler-parts.js';
import { LruCache } from './lru-cache.js';
import { type SqlLexicalRules, scanNamedParams } from './named-param-scanner.js';
import { reservedWords } from './reserved-words.js';
import { TypeProcessors, type TypeProcessorTable, utcTimestamp } from './type-processors.js';

/**
 * How placeholders are written: `qmark` repeats `?` in order (SQLite, MySQL), `numeric_dollar`
 * numbers them `$1, $2` (PostgreSQL).
 */
export type ParamStyle = 'qmark' | 'numeric_dollar';

/** What a compiler is told about its dialect. */
export interface CompilerSettings {
  /** The dialect's name, for messages. */
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  /** The dialect's value conversions, over the core's. */
  readonly typeProcessors?: TypeProcessorTable;
  /**
   * The dialect, as custom types are told it (a variant is chosen, a decorator's impl loaded, by
   * its name). Without it, the dialect named `name`.
   */
  readonly dialect?: TypeDialect;
  /**
   * The dialect's type compiler, for CAST. A compiler made without one refuses a CAST with a
   * `CompileError`; a dialect always gives it one (`DefaultDialect` does).
   */
  readonly typeCompiler?: TypeWriter;
  /**
   * The dialect's DDL compiler, which DDL statements are handed to. A function, as the DDL
   * compiler is made with this statement compiler (it quotes names and writes expressions).
   */
  readonly ddlCompiler?: () => DdlWriter;
}

/** A compiled statement with the bound values of one execution. */
export interface CompileResult {
  readonly compiled: CompiledStatement;
  readonly binds: readonly BindNode[];
}

/** A UTF-16 surrogate without its pair: not a character, so no database stores it as written. */
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const dmlPattern = /^\s*(?:WITH\b[\s\S]*\)\s*)?(?:INSERT|UPDATE|DELETE|REPLACE|MERGE)\b/i;
const safeIdentifier = /^[a-z_][a-z0-9_$]*$/;

/** An INSERT's SQL with several VALUES rows, and which row each placeholder belongs to. */
export interface ManyValues {
  readonly sql: string;
  readonly slots: readonly ParamSlot[];
  /** The VALUES row of each placeholder; -1 for one outside the rows. */
  readonly rowOf: readonly number[];
}

/**
 * Turns statement trees into SQL for one dialect (SQLAlchemy's `SQLCompiler`). One visit method
 * per node kind; a dialect subclasses it and overrides the hooks where its SQL differs
 * (placeholders, quoting, LIMIT, RETURNING, upsert, ILIKE, concatenation, ...).
 *
 * Compiled statements are cached by the statement's structure with the values left out, so a
 * statement run again with new values is not compiled again.
 */
export class SqlCompiler {
  /** How placeholders are written. */
  readonly paramStyle: ParamStyle = 'qmark';
  /**
   * What the dialect's SQL quotes and comments, so `:name` inside a literal is not taken for a
   * parameter. Standard SQL here: `'...'` strings, `"..."` names, `--` and `/* *\/` comments.
   */
  readonly lexicalRules: SqlLexicalRules = {
    backslashEscapes: false,
    dollarQuotedStrings: false,
    positionalPlaceholder: 'question-mark',
  };
  /** The character that opens and closes a quoted identifier. */
  readonly identifierQuote: string = '"';
  /**
   * Lower-case words this dialect's parser cannot take as unquoted names; {@link quote} quotes
   * them. Each dialect sets its own, generated from its database (see its reserved-words file).
   */
  readonly reservedWords: ReadonlySet<string> = reservedWords;
  /** How many compiled statements are kept. */
  static cacheSize = 500;
  /** Statements compiled so far (cache misses): tests read it to see the cache work. */
  compilations = 0;

  readonly settings: CompilerSettings;
  /** The dialect, as custom types see it. */
  readonly dialect: TypeDialect;
  readonly processors: TypeProcessors;
  readonly #cache = new LruCache<string, CompiledStatement>(SqlCompiler.cacheSize);
  readonly #textCache = new WeakMap<TextNode, CompiledStatement>();

  constructor(settings: CompilerSettings = { name: 'default', capabilities: defaultCapabilities }) {
    this.settings = settings;
    this.dialect = settings.dialect ?? { name: settings.name.split(' ')[0] ?? settings.name };
    this.processors = new TypeProcessors(settings.typeProcessors, this.dialect);
  }

  get capabilities(): DialectCapabilities {
    return this.settings.capabilities;
  }

  /** The dialect's type compiler, given in the settings. */
  get typeCompiler(): TypeWriter {
    const types = this.settings.typeCompiler;
    if (!types) throw this.#missing('type compiler', 'a CAST');
    return types;
  }

  /** The dialect's DDL compiler, given in the settings. */
  get ddlCompiler(): DdlWriter {
    const ddl = this.settings.ddlCompiler;
    if (!ddl) throw this.#missing('DDL compiler', 'DDL');
    return ddl();
  }

  #missing(part: string, what: string): CompileError {
    return new CompileError(
      `This SQL compiler was made without a ${part}, so it cannot write ${what}: its dialect ` +
        `gives it one in CompilerSettings (DefaultDialect does).`,
    );
  }

  /**
   * Compiles a statement, from the cache when one of the same shape was compiled before, and
   * returns it with this statement's bound values.
   */
  compile(statement: { readonly node: { readonly kind: string } }): CompileResult {
    const node = statement.node as SqlNode;
    if (node.kind === 'text') return { compiled: this.compileText(node), binds: [] };
    if (!isStatementNode(node)) {
      // DDL: compiled each time (it is run rarely, and refers to schema objects).
      const compiled = this.ddlCompiler.compile(node);
      this.compilations++;
      return { compiled, binds: [] };
    }
    const { key, binds } = statementKey(node);
    let compiled = this.#cache.get(key);
    if (!compiled) {
      compiled = this.compileStatement(node, binds);
      this.#cache.set(key, compiled);
    }
    return { compiled, binds };
  }

  /**
   * A statement's SQL and values in this dialect: what `stmt.compile({ dialect })` returns (call
   * that; this is its implementation). `params` gives named parameters their values. With
   * `literalBinds`, the values are written into the SQL as literals by {@link renderLiteral}.
   */
  compileToSql(
    statement: { readonly node: { readonly kind: string } },
    params?: Readonly<Record<string, unknown>>,
    options: { readonly literalBinds?: boolean | undefined } = {},
  ): CompiledSql {
    const { compiled, binds } = this.compile(statement);
    const valueOf = (slot: ParamSlot, position: number): unknown => {
      const value = slotValue(compiled, slot, binds, params);
      return slot.process && value !== null && value !== undefined
        ? processValue(slot, value, position)
        : value;
    };
    if (!options.literalBinds) return compiledSql(compiled.sql, compiled.slots.map(valueOf));
    // The template has a marker for each placeholder, which no SQL text can contain; each is
    // replaced by its value's literal in one pass, so a value's text is never read again.
    const template = compiled.valuesRow
      ? compiled.template.replace(valuesRowMarker, () => compiled.valuesRow?.text ?? '')
      : compiled.template;
    const sql = template.replace(placeholderPattern, (_marker, index: string) => {
      const slot = compiled.templateSlots[Number(index)] as ParamSlot;
      const value = valueOf(slot, Number(index));
      if (value === undefined) {
        throw new CompileError(
          `literalBinds: no value for the parameter '${slot.name}'. Give it: compile({ params: { ${slot.name}: ... } }).`,
          { code: 'missing-parameter' },
        );
      }
      return this.expressionLiteral(value);
    });
    return compiledSql(sql, []);
  }

  /** Compiles raw SQL, replacing each `:name` with this dialect's placeholder. */
  compileText(clause: TextClause | TextNode): CompiledStatement {
    const node = 'node' in clause ? clause.node : clause;
    const cached = this.#textCache.get(node);
    if (cached) return cached;
    this.compilations++;
    const ctx = new CompileContext([], (type) => this.processors.for(type));
    const template = this.renderRaw(node.sql, ctx);
    // text() has no column types: what it reads comes back as the database gives it, exactly.
    ctx.exactIntegers = true;
    const compiled = this.#finish(template, ctx, {
      boundValues: node.boundValues,
      isDml: dmlPattern.test(node.sql),
    });
    this.#textCache.set(node, compiled);
    return compiled;
  }

  /** Compiles a statement tree (a cache miss). */
  compileStatement(node: StatementNode, binds: readonly BindNode[]): CompiledStatement {
    this.compilations++;
    const ctx = new CompileContext(binds, (type) => this.processors.for(type));
    let body = this.visit(node, ctx);
    if (ctx.ctes.length > 0) {
      if ((node.kind === 'update' || node.kind === 'delete') && !this.capabilities.dmlCte) {
        throw new CompileError(
          `${this.describeDialect()} does not support WITH on UPDATE or DELETE; use a subquery instead of the CTE.`,
        );
      }
      body = `${this.renderWith(ctx)} ${body}`;
    }
    return this.#finish(body, ctx, {
      boundValues: {},
      isDml: node.kind === 'insert' || node.kind === 'update' || node.kind === 'delete',
    });
  }

  /**
   * The SQL and slots of an INSERT compiled with one VALUES row, with `rows` rows instead: the
   * many-row path of an executemany (SQLAlchemy's insertmanyvalues).
   */
  renderManyValues(compiled: CompiledStatement, rows: number): ManyValues {
    // Batches of one statement have the same few sizes: render each size once.
    let bySize = this.#manyValues.get(compiled);
    if (!bySize) {
      bySize = new Map();
      this.#manyValues.set(compiled, bySize);
    }
    let rendered = bySize.get(rows);
    if (!rendered) {
      rendered = this.#renderManyValues(compiled, rows);
      bySize.set(rows, rendered);
    }
    return rendered;
  }

  readonly #manyValues = new WeakMap<CompiledStatement, Map<number, ManyValues>>();

  #renderManyValues(compiled: CompiledStatement, rows: number): ManyValues {
    const row = compiled.valuesRow;
    if (!row)
      throw new CompileError('Only an INSERT with one VALUES row can be sent for many rows');
    const copies = Array.from({ length: rows }, (_, r) =>
      row.text.replace(placeholderPattern, (_marker, slot: string) => placeholderMarker(slot, r)),
    );
    const template = compiled.template.replace(valuesRowMarker, () => copies.join(', '));
    const slots: ParamSlot[] = [];
    const rowOf: number[] = [];
    const sql = template.replace(placeholderPattern, (_marker, slot: string, rowIndex?: string) => {
      slots.push(compiled.templateSlots[Number(slot)] as ParamSlot);
      rowOf.push(rowIndex === undefined ? -1 : Number(rowIndex));
      return this.placeholder(slots.length);
    });
    return { sql, slots, rowOf };
  }

  #finish(
    template: string,
    ctx: CompileContext,
    extra: { boundValues: Readonly<Record<string, unknown>>; isDml: boolean },
  ): CompiledStatement {
    const withRow = ctx.valuesRow
      ? template.replace(valuesRowMarker, () => ctx.valuesRow?.text ?? '')
      : template;
    const slots: ParamSlot[] = [];
    const sql = withRow.replace(placeholderPattern, (_marker, slot: string) => {
      slots.push(ctx.slots[Number(slot)] as ParamSlot);
      return this.placeholder(slots.length);
    });
    return {
      sql,
      slots,
      boundValues: extra.boundValues,
      isDml: extra.isDml,
      resultProcessors: ctx.resultProcessors?.some((p) => p !== undefined)
        ? ctx.resultProcessors
        : null,
      exactIntegers: ctx.exactIntegers,
      valuesRow: ctx.valuesRow,
      template,
      templateSlots: ctx.slots,
    };
  }

  /** The placeholder for the `position`th parameter (1-based). */
  placeholder(position: number): string {
    return this.paramStyle === 'numeric_dollar' ? `$${position}` : '?';
  }

  // ---------------------------------------------------------------- dispatch

  /** Renders any node. */
  visit(node: SqlNode, ctx: CompileContext): string {
    switch (node.kind) {
      case 'bind':
        return this.visitBind(node, ctx);
      case 'column':
        return this.visitColumn(node, ctx);
      case 'binary':
        return this.visitBinary(node, ctx);
      case 'unary':
        return this.visitUnary(node, ctx);
      case 'clause_list':
        return this.visitClauseList(node, ctx);
      case 'function':
        return this.visitFunction(node, ctx);
      case 'label':
        return this.visit(node.element, ctx);
      case 'cast':
        return `CAST(${this.visit(node.element, ctx)} AS ${this.typeCompiler.castTarget(node.type.dialectImpl(this.dialect))})`;
      case 'case':
        return this.visitCase(node, ctx);
      case 'over':
        return this.visitOver(node, ctx);
      case 'aggregate_filter':
        return this.visitAggregateFilter(node, ctx);
      case 'collate':
        return `${this.operand(node.element, ctx, node)} COLLATE ${this.quote(node.collation)}`;
      case 'keyword':
        return this.visitKeyword(node.keyword);
      case 'raw':
        return this.visitRaw(node, ctx);
      case 'grouping':
        return `(${this.visit(node.element, ctx)})`;
      case 'tuple':
        return `(${node.items.map((item) => this.visit(item, ctx)).join(', ')})`;
      case 'order_by':
        return this.visitOrderBy(node, ctx);
      case 'scalar_subquery':
        return `(${this.visitNestedSelect(node.element, ctx, true)})`;
      case 'table':
      case 'alias':
      case 'subquery':
      case 'cte':
      case 'join':
      case 'excluded':
        return this.visitFrom(node, ctx);
      case 'select':
        return this.visitSelect(node, ctx);
      case 'compound_select':
        return this.visitCompoundSelect(node, ctx);
      case 'insert':
        return this.visitInsert(node, ctx);
      case 'update':
        return this.visitUpdate(node, ctx);
      case 'delete':
        return this.visitDelete(node, ctx);
      case 'text':
        return this.renderRaw(node.sql, ctx);
      case 'on_conflict':
        return this.visitOnConflict(node, ctx);
      default:
        return assertNever(node);
    }
  }

  // ---------------------------------------------------------------- identifiers

  /**
   * Quotes an identifier, doubling any quote character inside it. Every character but the
   * control characters is written as it is; those are refused, here as where names are defined.
   * @throws {ArgumentError} for a name holding a control character.
   */
  quoteIdentifier(name: string): string {
    checkIdentifierName(name, 'Identifier');
    const q = this.identifierQuote;
    return q + name.split(q).join(q + q) + q;
  }

  /** An identifier, quoted only when it must be: upper case, odd characters, reserved words. */
  quote(name: string): string {
    return safeIdentifier.test(name) && !this.reservedWords.has(name)
      ? name
      : this.quoteIdentifier(name);
  }

  /** A table's name with its schema. */
  tableName(name: string, schema: string | null): string {
    return schema ? `${this.quote(schema)}.${this.quote(name)}` : this.quote(name);
  }

  // ---------------------------------------------------------------- expressions

  protected visitBind(node: BindNode, ctx: CompileContext): string {
    if (ctx.literalBinds && node.name === null)
      return this.expressionLiteral(node.value, node.type);
    return ctx.placeholder(node);
  }

  protected visitColumn(node: ColumnNode, ctx: CompileContext): string {
    const name = this.quote(node.name);
    const table = node.table;
    if (!table || !ctx.qualifyColumns) return name;
    if (table.kind === 'excluded') return this.excludedColumn(name);
    return `${this.fromQualifier(table, ctx)}.${name}`;
  }

  /** A column of the upsert's proposed row: `excluded.name`; MySQL writes `VALUES(name)`. */
  protected excludedColumn(name: string): string {
    return `excluded.${name}`;
  }

  /** How a column refers to its FROM element: the table (with schema), or the alias's name. */
  protected fromQualifier(from: FromNode, ctx: CompileContext): string {
    switch (from.kind) {
      case 'table':
        return this.tableName(from.name, from.schema);
      case 'alias':
      case 'subquery':
      case 'cte':
        return this.quote(ctx.nameOf(from, from.name));
      default:
        throw new CompileError(`A column cannot belong to a ${from.kind}`);
    }
  }

  protected visitBinary(node: BinaryNode, ctx: CompileContext): string {
    const left = this.operand(node.left, ctx, node);
    switch (node.operator) {
      case 'BETWEEN':
      case 'NOT BETWEEN': {
        const range = node.right as ClauseListNode;
        const [low, high] = range.clauses.map((clause) => this.operand(clause, ctx, node, true));
        return `${left} ${node.operator} ${low} AND ${high}`;
      }
      case 'ILIKE':
      case 'NOT ILIKE':
        return this.ilike(node, ctx);
      case '||':
        return this.concat(left, this.operand(node.right, ctx, node, true));
      case 'IN':
      case 'NOT IN': {
        // Each value of a list is an operand of the IN, so a dialect can treat it as one.
        const right = node.right;
        if (right.kind !== 'tuple') return `${left} ${node.operator} ${this.visit(right, ctx)}`;
        const items = right.items.map((item) => this.operand(item, ctx, node, true));
        return `${left} ${node.operator} (${items.join(', ')})`;
      }
      default: {
        const right = this.operand(node.right, ctx, node, true);
        return `${left} ${node.operator} ${right}${this.escapeClause(node)}`;
      }
    }
  }

  /**
   * An operand of `parent`, in parentheses when it binds more loosely than its parent (an OR
   * inside an AND, a + inside a *), or as tightly on the right of a non-associative operator.
   */
  protected operand(
    node: ExpressionNode,
    ctx: CompileContext,
    parent?: ExpressionNode,
    right = false,
  ): string {
    const sql = this.visit(node, ctx);
    if (!parent) return sql;
    const own = precedence(node);
    const outer = precedence(parent);
    const tighter = own > outer || (own === outer && !right && own !== comparisonPrecedence);
    return tighter ? sql : `(${sql})`;
  }

  /** Case-insensitive LIKE: `lower(x) LIKE lower(y)`; PostgreSQL overrides with ILIKE. */
  protected ilike(node: BinaryNode, ctx: CompileContext): string {
    const operator = node.operator === 'ILIKE' ? 'LIKE' : 'NOT LIKE';
    return `lower(${this.visit(node.left, ctx)}) ${operator} lower(${this.visit(node.right, ctx)})${this.escapeClause(node)}`;
  }

  /** ` ESCAPE '/'` after a LIKE that has an escape character. */
  protected escapeClause(node: BinaryNode): string {
    return node.escape === null ? '' : ` ESCAPE ${this.renderLiteral(node.escape)}`;
  }

  /** String concatenation; MySQL overrides with `concat()`. */
  protected concat(left: string, right: string): string {
    return `${left} || ${right}`;
  }

  protected visitUnary(node: UnaryNode, ctx: CompileContext): string {
    switch (node.operator) {
      case 'NOT':
        return `NOT ${this.operand(node.element, ctx, node, true)}`;
      case '-':
        return `-${this.operand(node.element, ctx, node, true)}`;
      case 'DISTINCT':
        return `DISTINCT ${this.visit(node.element, ctx)}`;
      case 'EXISTS':
        return `EXISTS ${this.visit(node.element, ctx)}`;
      default:
        return assertNever(node.operator);
    }
  }

  protected visitClauseList(node: ClauseListNode, ctx: CompileContext): string {
    if (node.operator === ',') return node.clauses.map((c) => this.visit(c, ctx)).join(', ');
    return node.clauses.map((clause) => this.operand(clause, ctx, node)).join(` ${node.operator} `);
  }

  protected visitFunction(node: FunctionNode, ctx: CompileContext): string {
    checkIdentifierName(node.name, 'Function name');
    const args = node.args.map((arg) => this.visit(arg, ctx));
    return this.functionCall(node.name, args, node);
  }

  /** A function call; dialects rename the functions they spell differently. */
  protected functionCall(name: string, args: readonly string[], _node: FunctionNode): string {
    return `${name}(${args.join(', ')})`;
  }

  protected visitCase(node: CaseNode, ctx: CompileContext): string {
    let sql = 'CASE';
    if (node.value) sql += ` ${this.visit(node.value, ctx)}`;
    for (const [condition, result] of node.whens) {
      sql += ` WHEN ${this.visit(condition, ctx)} THEN ${this.visit(result, ctx)}`;
    }
    if (node.else) sql += ` ELSE ${this.visit(node.else, ctx)}`;
    return `${sql} END`;
  }

  protected visitOver(node: OverNode, ctx: CompileContext): string {
    if (!this.capabilities.windowFunctions) {
      throw new CompileError(`The ${this.settings.name} dialect has no window functions.`);
    }
    const parts: string[] = [];
    if (node.partitionBy.length > 0) {
      parts.push(`PARTITION BY ${node.partitionBy.map((e) => this.visit(e, ctx)).join(', ')}`);
    }
    if (node.orderBy.length > 0) {
      parts.push(`ORDER BY ${node.orderBy.map((e) => this.visit(e, ctx)).join(', ')}`);
    }
    return `${this.visit(node.element, ctx)} OVER (${parts.join(' ')})`;
  }

  /**
   * `aggregate(...) FILTER (WHERE condition)`; without FILTER, the condition goes into the first
   * argument, `aggregate(CASE WHEN condition THEN argument END)`: the aggregate skips the NULLs
   * of the other rows, so it counts and sums the same rows (`count(*)` counts `1` for each).
   */
  protected visitAggregateFilter(node: AggregateFilterNode, ctx: CompileContext): string {
    if (this.capabilities.aggregateFilter) {
      return `${this.visit(node.element, ctx)} FILTER (WHERE ${this.visit(node.where, ctx)})`;
    }
    const [first, ...rest] = node.element.args;
    if (!first) {
      throw new CompileError(
        `The ${this.settings.name} dialect has no FILTER on aggregates, and ${node.element.name}() has no argument to put the condition in.`,
      );
    }
    // `DISTINCT x` stays in front: count(DISTINCT CASE WHEN ... THEN x END).
    const distinct = first.kind === 'unary' && first.operator === 'DISTINCT';
    const value = distinct ? first.element : first;
    const then = value.kind === 'raw' && value.sql === '*' ? '1' : this.visit(value, ctx);
    const guarded = `CASE WHEN ${this.visit(node.where, ctx)} THEN ${then} END`;
    const args = [
      distinct ? `DISTINCT ${guarded}` : guarded,
      ...rest.map((arg) => this.visit(arg, ctx)),
    ];
    checkIdentifierName(node.element.name, 'Function name');
    return this.functionCall(node.element.name, args, node.element);
  }

  /** `NULL`, `TRUE`, `FALSE`. */
  protected visitKeyword(keyword: 'NULL' | 'TRUE' | 'FALSE'): string {
    return keyword;
  }

  protected visitRaw(node: RawNode, ctx: CompileContext): string {
    return this.renderRaw(node.sql, ctx);
  }

  /** Raw SQL with its `:name` parameters turned into placeholders. */
  protected renderRaw(sql: string, ctx: CompileContext): string {
    // NUL begins the compiler's placeholder markers; SQL text never holds one (PostgreSQL
    // refuses it, SQLite ends the statement there).
    if (sql.includes('\u0000')) {
      throw new CompileError(
        `SQL text cannot contain a NUL character (U+0000): ${JSON.stringify(sql.slice(0, 60))}`,
      );
    }
    const { parts, names } = scanNamedParams(sql, this.lexicalRules);
    let out = parts[0] as string;
    for (let i = 0; i < names.length; i++)
      out += ctx.namedPlaceholder(names[i] as string) + parts[i + 1];
    return out;
  }

  protected visitOrderBy(node: OrderByNode, ctx: CompileContext): string {
    let sql = this.orderTerm(node.element, ctx);
    if (node.direction) sql += ` ${node.direction}`;
    if (node.nulls) sql = this.nullsOrder(sql, node, ctx);
    return sql;
  }

  /** `... NULLS FIRST|LAST`; MySQL emulates it. */
  protected nullsOrder(sql: string, node: OrderByNode, _ctx: CompileContext): string {
    return `${sql} NULLS ${node.nulls}`;
  }

  /** An ORDER BY term: a label of the select's columns by its name, anything else in full. */
  protected orderTerm(node: ExpressionNode, ctx: CompileContext): string {
    const scope = ctx.selects.at(-1);
    if (node.kind === 'label' && scope?.labels.has(node)) return this.quote(node.name);
    if (node.kind === 'order_by') return this.visitOrderBy(node, ctx);
    return this.visit(node, ctx);
  }

  /**
   * A value written into the SQL itself (DDL defaults, LIKE escapes, `literalBinds`), as this
   * dialect reads it back as the same value. A value that cannot be written exactly and safely
   * is refused: it must be bound as a parameter.
   * @throws {CompileError} for NaN and infinities, strings holding NUL or unpaired surrogates,
   *   and objects other than Date and Uint8Array.
   */
  renderLiteral(value: unknown, _type?: TypeEngine): string {
    if (value === null || value === undefined) return 'NULL';
    switch (typeof value) {
      case 'number':
        if (!Number.isFinite(value)) throw unwritable(value, 'it is not a finite number');
        return String(value);
      case 'bigint':
        return String(value);
      case 'boolean':
        return this.booleanLiteral(value);
      case 'string':
        // SQLite ends the statement at a NUL, and PostgreSQL text cannot hold one.
        if (value.includes('\u0000')) throw unwritable(value, 'it contains a NUL character');
        if (unpairedSurrogate.test(value)) {
          throw unwritable(value, 'it contains an unpaired surrogate (not valid Unicode)');
        }
        return this.stringLiteral(value);
    }
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw unwritable(value, 'it is an invalid Date');
      return this.stringLiteral(utcTimestamp(value));
    }
    if (value instanceof Uint8Array) return this.bytesLiteral(value);
    throw unwritable(value, 'no SQL literal stands for it');
  }

  /**
   * A literal where an expression's value goes: a negative number in parentheses, since after
   * a minus sign (`-?`) its own would make `--`, which starts a comment.
   */
  protected expressionLiteral(value: unknown, type?: TypeEngine): string {
    const sql = this.renderLiteral(value, type);
    return sql.startsWith('-') ? `(${sql})` : sql;
  }

  /**
   * A string literal: single quotes, doubled inside; where backslashes escape (MySQL), they
   * are doubled too, so none can end the literal.
   */
  protected stringLiteral(value: string): string {
    const escaped = this.lexicalRules.backslashEscapes ? value.replace(/\\/g, '\\\\') : value;
    return `'${escaped.replace(/'/g, "''")}'`;
  }

  /** Bytes as a hex literal, `X'00ff'` (SQLite, MySQL); PostgreSQL writes a bytea. */
  protected bytesLiteral(value: Uint8Array): string {
    return `X'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'`;
  }

  /** `TRUE` / `FALSE`; dialects without boolean literals write 1 / 0. */
  protected booleanLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  // ---------------------------------------------------------------- FROM

  protected visitFrom(node: FromNode, ctx: CompileContext): string {
    switch (node.kind) {
      case 'table':
        return this.tableName(node.name, node.schema);
      case 'alias':
        return `${this.tableName(node.element.name, node.element.schema)} AS ${this.quote(ctx.nameOf(node, node.name))}`;
      case 'subquery': {
        const inner = this.visitNestedSelect(node.element, ctx, node.lateral);
        const lateral = node.lateral ? 'LATERAL ' : '';
        return `${lateral}(${inner}) AS ${this.quote(ctx.nameOf(node, node.name))}`;
      }
      case 'cte':
        this.registerCte(node, ctx);
        return this.quote(ctx.nameOf(node, node.name));
      case 'join':
        return this.visitJoin(node, ctx);
      case 'excluded':
        throw new CompileError('The upsert pseudo-table cannot stand in FROM');
      default:
        return assertNever(node);
    }
  }

  protected visitJoin(node: JoinNode, ctx: CompileContext): string {
    if (node.type === 'FULL' && !this.capabilities.fullOuterJoin) {
      throw new CompileError(`The ${this.settings.name} dialect has no FULL OUTER JOIN.`);
    }
    const keyword =
      node.type === 'INNER' ? 'JOIN' : node.type === 'LEFT' ? 'LEFT OUTER JOIN' : 'FULL OUTER JOIN';
    return `${this.visitFrom(node.left, ctx)} ${keyword} ${this.visitFrom(node.right, ctx)} ON ${this.visit(node.on, ctx)}`;
  }

  protected registerCte(node: CteNode, ctx: CompileContext): void {
    ctx.addCte(node, () => {
      const saved = ctx.selects.splice(0);
      try {
        return this.visit(node.element, ctx);
      } finally {
        ctx.selects.push(...saved);
      }
    });
  }

  /** `WITH [RECURSIVE] a AS (...), b AS (...)`. */
  protected renderWith(ctx: CompileContext): string {
    const recursive = ctx.ctes.some(({ node }) => node.recursive) ? 'RECURSIVE ' : '';
    const entries = ctx.ctes.map(({ node, sql }) => {
      const columns =
        node.columnNames.length > 0
          ? ` (${node.columnNames.map((name) => this.quote(name)).join(', ')})`
          : '';
      return `${this.quote(ctx.nameOf(node, node.name))}${columns} AS (${sql})`;
    });
    return `WITH ${recursive}${entries.join(', ')}`;
  }

  // ---------------------------------------------------------------- SELECT

  /** A SELECT inside another statement: a subquery, EXISTS, IN (...). */
  protected visitNestedSelect(
    node: SelectNode | CompoundSelectNode,
    ctx: CompileContext,
    correlate: boolean,
  ): string {
    const wasTop = ctx.topLevel;
    ctx.topLevel = false;
    try {
      return node.kind === 'select'
        ? this.visitSelect(node, ctx, correlate)
        : this.visitCompoundSelect(node, ctx);
    } finally {
      ctx.topLevel = wasTop;
    }
  }

  protected visitSelect(node: SelectNode, ctx: CompileContext, correlate = false): string {
    const isTop = ctx.topLevel;
    const froms = this.selectFroms(node, ctx, correlate);
    const scope: SelectScope = {
      froms: openFroms(froms),
      labels: new Set(node.columns.filter((column) => column.kind === 'label')),
    };
    ctx.topLevel = false;
    ctx.selects.push(scope);
    try {
      for (const cte of node.ctes) this.registerCte(cte, ctx);
      let anonymous = 0;
      const columns = node.columns.map((column) =>
        this.selectColumn(column, ctx, () => `anon_${++anonymous}`),
      );
      if (isTop) this.setResultColumns(node.columns, ctx);
      let sql = `SELECT ${this.distinctClause(node, ctx)}${columns.join(', ')}`;
      if (froms.length > 0)
        sql += ` FROM ${froms.map((from) => this.visitFrom(from, ctx)).join(', ')}`;
      if (node.where) sql += ` WHERE ${this.visit(node.where, ctx)}`;
      if (node.groupBy.length > 0) {
        sql += ` GROUP BY ${node.groupBy.map((term) => this.visit(term, ctx)).join(', ')}`;
      }
      if (node.having) sql += ` HAVING ${this.visit(node.having, ctx)}`;
      if (node.orderBy.length > 0) {
        sql += ` ORDER BY ${node.orderBy.map((term) => this.orderTerm(term, ctx)).join(', ')}`;
      }
      sql += this.limitClause(node.limit, node.offset, ctx);
      if (node.locking) sql += this.lockingClause(node.locking);
      return sql;
    } finally {
      ctx.selects.pop();
    }
  }

  /** `DISTINCT `, or `DISTINCT ON (...) ` where the database has it. */
  protected distinctClause(node: SelectNode, ctx: CompileContext): string {
    if (!node.distinct) return '';
    if (node.distinctOn.length === 0) return 'DISTINCT ';
    if (!this.capabilities.distinctOn) {
      throw new CompileError(
        `The ${this.settings.name} dialect has no DISTINCT ON (PostgreSQL's). Pick one row per group another way: a window function, rowNumber().over({ partitionBy, orderBy }), filtered to 1.`,
      );
    }
    return `DISTINCT ON (${node.distinctOn.map((term) => this.visit(term, ctx)).join(', ')}) `;
  }

  /**
   * One item of a column list: a label or column as it is; an expression named after its
   * function (`count(*) AS count`), or `anon_N`, so every dialect names result columns alike.
   */
  protected selectColumn(
    node: ExpressionNode,
    ctx: CompileContext,
    anonymous: () => string,
  ): string {
    if (node.kind === 'label')
      return `${this.visit(node.element, ctx)} AS ${this.quote(node.name)}`;
    const sql = this.visit(node, ctx);
    if (node.kind === 'column') return sql;
    const name = nameOf(node) ?? anonymous();
    return `${sql} AS ${this.quote(name)}`;
  }

  /** Records the conversions for each result column, from each column's type. */
  protected setResultColumns(columns: readonly ExpressionNode[], ctx: CompileContext): void {
    const types = columns.map((column) => nodeType(column));
    ctx.resultProcessors = types.map((type) => this.processors.for(type).result);
    // What the driver reads is the stored type's value (a decorated BIGINT's, say).
    const stored = types.map((type) => type.dialectImpl(this.dialect));
    // An untyped column reads as the database gives it: an integer past 2^53 must stay exact.
    // So does a user-defined type without a result processor: it reads as an untyped column.
    ctx.exactIntegers = stored.some(
      (type) =>
        (type.typeName === 'big_integer' && (type as { mode?: string }).mode !== 'number') ||
        type.typeName === 'null' ||
        (type.typeName === 'user_defined' && !this.processors.for(type).result),
    );
  }

  /**
   * The FROM list: what was named explicitly (joins, selectFrom), then every table the columns
   * and conditions use that is not already there. A subquery in WHERE or the column list leaves
   * out tables of the enclosing select: it correlates to them, as SQLAlchemy does.
   */
  protected selectFroms(node: SelectNode, ctx: CompileContext, correlate: boolean): FromNode[] {
    const froms = this.#selectFroms(node, ctx.selects, correlate);
    // A subquery of an UPDATE or DELETE that would keep no FROM of its own reads its tables
    // afresh (`WHERE id NOT IN (SELECT min(id) FROM t GROUP BY ...)`): it is not correlated.
    if (froms.length === 0 && correlate && ctx.selects.some((scope) => scope.dml)) {
      const selects = ctx.selects.filter((scope) => !scope.dml);
      return this.#selectFroms(node, selects, correlate);
    }
    return froms;
  }

  #selectFroms(node: SelectNode, scopes: readonly SelectScope[], correlate: boolean): FromNode[] {
    const froms: FromNode[] = [...node.froms];
    const covered = openFroms(froms);
    const outer = new Set<FromNode>();
    if (correlate) for (const scope of scopes) for (const from of scope.froms) outer.add(from);
    const implicit = new Set<FromNode>();
    const parts: (ExpressionNode | null)[] = [
      ...node.columns,
      node.where,
      ...node.groupBy,
      node.having,
      ...node.orderBy,
    ];
    for (const part of parts) if (part) collectFroms(part, implicit);
    for (const from of implicit) {
      if (!covered.has(from) && !outer.has(from)) {
        froms.push(from);
        covered.add(from);
      }
    }
    return froms;
  }

  /** `LIMIT n OFFSET m`; dialects differ when only OFFSET is given. */
  protected limitClause(
    limit: ExpressionNode | null,
    offset: ExpressionNode | null,
    ctx: CompileContext,
  ): string {
    let sql = '';
    if (limit) sql += ` LIMIT ${this.visit(limit, ctx)}`;
    if (offset) sql += `${limit ? '' : ' LIMIT ALL'} OFFSET ${this.visit(offset, ctx)}`;
    return sql;
  }

  /** `FOR UPDATE [NOWAIT | SKIP LOCKED]`, `FOR SHARE`. */
  protected lockingClause(locking: LockingClause): string {
    if (!this.capabilities.rowLocking) return '';
    let sql = ` FOR ${locking.mode}`;
    if (locking.nowait) sql += ' NOWAIT';
    if (locking.skipLocked) sql += ' SKIP LOCKED';
    return sql;
  }

  protected visitCompoundSelect(node: CompoundSelectNode, ctx: CompileContext): string {
    if (node.operator.endsWith(' ALL') && node.operator !== 'UNION ALL') {
      if (!this.capabilities.compoundAll) {
        throw new CompileError(
          `The ${this.settings.name} dialect has no ${node.operator}; use ${node.operator.replace(' ALL', '')} (without duplicates) instead.`,
        );
      }
    }
    const isTop = ctx.topLevel;
    ctx.topLevel = false;
    const first = firstSelect(node);
    if (isTop) this.setResultColumns(first.columns, ctx);
    const parts = node.selects.map((member) => this.compoundMember(member, ctx));
    let sql = parts.join(` ${node.operator} `);
    if (node.orderBy.length > 0) {
      // Order by the result's column names: the members' own tables are not visible out here.
      const names = new Map(first.columns.map((column) => [column, nameOf(column)]));
      const terms = node.orderBy.map((term) => this.compoundOrderTerm(term, names, ctx));
      sql += ` ORDER BY ${terms.join(', ')}`;
    }
    return sql + this.limitClause(node.limit, node.offset, ctx);
  }

  /** One member of a UNION: parenthesized when it has its own ORDER BY or LIMIT. */
  protected compoundMember(member: SelectNode | CompoundSelectNode, ctx: CompileContext): string {
    const sql =
      member.kind === 'select'
        ? this.visitSelect(member, ctx)
        : this.visitCompoundSelect(member, ctx);
    const ownOrder = member.orderBy.length > 0 || member.limit !== null || member.offset !== null;
    return ownOrder || member.kind === 'compound_select' ? `(${sql})` : sql;
  }

  protected compoundOrderTerm(
    term: ExpressionNode,
    names: ReadonlyMap<ExpressionNode, string | undefined>,
    ctx: CompileContext,
  ): string {
    if (term.kind === 'order_by') {
      const inner = this.compoundOrderTerm(term.element, names, ctx);
      let sql = term.direction ? `${inner} ${term.direction}` : inner;
      if (term.nulls) sql = this.nullsOrder(sql, term, ctx);
      return sql;
    }
    const name = nameOf(term);
    if (name !== undefined) return this.quote(name);
    return this.visit(term, ctx);
  }

  // ---------------------------------------------------------------- DML

  protected visitInsert(node: InsertNode, ctx: CompileContext): string {
    this.checkReturning('INSERT', this.capabilities.insertReturning, node.returning);
    ctx.topLevel = false;
    const table = this.tableName(node.table.name, node.table.schema);
    // MySQL has no DO NOTHING; INSERT IGNORE skips the rows that conflict.
    const ignore =
      node.onConflict &&
      this.upsertStyle(node.onConflict) === 'on-duplicate-key' &&
      node.onConflict.set.length === 0
        ? 'IGNORE '
        : '';
    let sql = `INSERT ${ignore}INTO ${table}`;
    ctx.qualifyColumns = false;
    const columns = node.columns.map((column) => this.visitColumn(column, ctx));
    ctx.qualifyColumns = true;
    if (node.select) {
      sql += ` (${columns.join(', ')}) ${this.visitNestedSelect(node.select, ctx, false)}`;
    } else if (node.rows.length === 0 || node.columns.length === 0) {
      sql += this.defaultValues();
    } else {
      sql += ` (${columns.join(', ')}) VALUES `;
      if (node.rows.length === 1) {
        const slotStart = ctx.slots.length;
        const text = `(${(node.rows[0] as ExpressionNode[]).map((value) => this.visit(value, ctx)).join(', ')})`;
        ctx.valuesRow = { text, slotCount: ctx.slots.length - slotStart };
        sql += valuesRowMarker;
      } else {
        sql += node.rows
          .map((row) => `(${row.map((value) => this.visit(value, ctx)).join(', ')})`)
          .join(', ');
      }
    }
    if (node.onConflict) sql += this.visitOnConflict(node.onConflict, ctx);
    return sql + this.returningClause(node.returning, ctx);
  }

  /** An INSERT without columns; MySQL writes `() VALUES ()`. */
  protected defaultValues(): string {
    return ' DEFAULT VALUES';
  }

  /** How this dialect writes an upsert: its capability (the generic SQL follows the statement). */
  protected upsertStyle(_node: OnConflictNode): DialectCapabilities['upsertStyle'] {
    return this.capabilities.upsertStyle;
  }

  protected visitOnConflict(node: OnConflictNode, ctx: CompileContext): string {
    const style = this.upsertStyle(node);
    if (style === 'none')
      throw new CompileError(`The ${this.settings.name} dialect has no upsert.`);
    ctx.qualifyColumns = false;
    try {
      const set = node.set.map(
        ([column, value]) =>
          `${this.visitColumn(column, ctx)} = ${this.visitUpsertValue(value, ctx)}`,
      );
      if (style === 'on-duplicate-key') {
        if (node.where) throw new CompileError('ON DUPLICATE KEY UPDATE has no WHERE (MySQL)');
        // DO NOTHING is INSERT IGNORE, written at the start of the statement.
        return set.length === 0 ? '' : ` ON DUPLICATE KEY UPDATE ${set.join(', ')}`;
      }
      if (node.style === 'on-duplicate-key') {
        throw new CompileError(
          `onDuplicateKeyUpdate() is MySQL's upsert; on ${this.settings.name} use onConflictDoUpdate({ target, set }).`,
        );
      }
      const target =
        node.target.length > 0
          ? ` (${node.target.map((c) => this.visitColumn(c, ctx)).join(', ')})`
          : '';
      if (set.length === 0) return ` ON CONFLICT${target} DO NOTHING`;
      ctx.qualifyColumns = true;
      const where = node.where ? ` WHERE ${this.visit(node.where, ctx)}` : '';
      return ` ON CONFLICT${target} DO UPDATE SET ${set.join(', ')}${where}`;
    } finally {
      ctx.qualifyColumns = true;
    }
  }

  /** A value in an upsert's SET: columns of the proposed row qualified, the table's not. */
  protected visitUpsertValue(value: ExpressionNode, ctx: CompileContext): string {
    const saved = ctx.qualifyColumns;
    ctx.qualifyColumns = true;
    try {
      return this.visit(value, ctx);
    } finally {
      ctx.qualifyColumns = saved;
    }
  }

  protected visitUpdate(node: UpdateNode, ctx: CompileContext): string {
    this.checkReturning('UPDATE', this.capabilities.updateReturning, node.returning);
    this.checkDmlCte(node.ctes);
    ctx.topLevel = false;
    for (const cte of node.ctes) this.registerCte(cte, ctx);
    if (node.set.length === 0) throw new CompileError('UPDATE needs values(): nothing to set');
    const extra = dmlExtraFroms(node.table, node.where);
    ctx.selects.push(dmlScope(node.table, extra));
    try {
      const target = this.visitFrom(node.table, ctx);
      const others = extra.map((from) => this.visitFrom(from, ctx));
      const set = node.set.map(([column, value]) => {
        ctx.qualifyColumns = others.length > 0 && this.qualifiesMultiTableSet();
        const name = this.visitColumn(column, ctx);
        ctx.qualifyColumns = true;
        return `${name} = ${this.visit(value, ctx)}`;
      });
      let sql = this.updateHead(target, others, set);
      if (node.where) sql += ` WHERE ${this.visit(node.where, ctx)}`;
      return sql + this.returningClause(node.returning, ctx, others.length > 0);
    } finally {
      ctx.selects.pop();
    }
  }

  /**
   * `UPDATE target SET ...`, with the other tables WHERE names as `FROM others` (PostgreSQL,
   * SQLite 3.33+); MySQL lists them beside the target instead.
   */
  protected updateHead(target: string, others: readonly string[], set: readonly string[]): string {
    const from = others.length > 0 ? ` FROM ${others.join(', ')}` : '';
    return `UPDATE ${target} SET ${set.join(', ')}${from}`;
  }

  /** Whether SET names its columns with their table when the UPDATE has several (MySQL). */
  protected qualifiesMultiTableSet(): boolean {
    return false;
  }

  protected visitDelete(node: DeleteNode, ctx: CompileContext): string {
    this.checkReturning('DELETE', this.capabilities.deleteReturning, node.returning);
    this.checkDmlCte(node.ctes);
    ctx.topLevel = false;
    for (const cte of node.ctes) this.registerCte(cte, ctx);
    const extra = dmlExtraFroms(node.table, node.where);
    if (extra.length > 0 && !this.capabilities.deleteUsing) {
      throw new CompileError(
        `The ${this.settings.name} dialect has no DELETE ... USING, so the WHERE of a DELETE cannot name another table (${extra.map(describeFrom).join(', ')}). Use a subquery: where(table.c.id.in(select(...))).`,
      );
    }
    ctx.selects.push(dmlScope(node.table, extra));
    try {
      const target = this.visitFrom(node.table, ctx);
      const others = extra.map((from) => this.visitFrom(from, ctx));
      let sql = this.deleteHead(node.table, target, others, ctx);
      if (node.where) sql += ` WHERE ${this.visit(node.where, ctx)}`;
      return sql + this.returningClause(node.returning, ctx, others.length > 0);
    } finally {
      ctx.selects.pop();
    }
  }

  /**
   * `DELETE FROM target`, with the other tables WHERE names as `USING others` (PostgreSQL);
   * MySQL writes `DELETE FROM target USING target, others`.
   */
  protected deleteHead(
    _table: DeleteNode['table'],
    target: string,
    others: readonly string[],
    _ctx: CompileContext,
  ): string {
    return `DELETE FROM ${target}${others.length > 0 ? ` USING ${others.join(', ')}` : ''}`;
  }

  protected returningClause(
    returning: readonly ExpressionNode[],
    ctx: CompileContext,
    severalTables = false,
  ): string {
    if (returning.length === 0) return '';
    this.setResultColumns(returning, ctx);
    let anonymous = 0;
    // A statement on one table needs no qualifying; with UPDATE FROM or DELETE USING, it does.
    ctx.qualifyColumns = severalTables;
    try {
      const columns = returning.map((column) =>
        this.selectColumn(column, ctx, () => `anon_${++anonymous}`),
      );
      return ` RETURNING ${columns.join(', ')}`;
    } finally {
      ctx.qualifyColumns = true;
    }
  }

  protected checkReturning(
    statement: string,
    supported: boolean,
    returning: readonly ExpressionNode[],
  ): void {
    if (returning.length > 0 && !supported) {
      throw new CompileError(
        `${statement} ... RETURNING is not supported by ${this.describeDialect()}. ` +
          'Read the rows back with a SELECT instead, or check dialect.capabilities first.',
        { code: 'no-returning' },
      );
    }
  }

  protected checkDmlCte(ctes: readonly CteNode[]): void {
    if (ctes.length > 0 && !this.capabilities.dmlCte) {
      throw new CompileError(
        `${this.describeDialect()} does not support WITH on UPDATE or DELETE.`,
      );
    }
  }

  /** The dialect as error messages name it. */
  protected describeDialect(): string {
    return this.settings.name;
  }
}

const comparisonPrecedence = 5;
const binaryPrecedence: Readonly<Record<string, number>> = {
  '*': 8,
  '/': 8,
  '%': 8,
  '+': 7,
  '-': 7,
  '||': 6,
};

/** How tightly an expression binds: higher binds tighter (SQLAlchemy's operator precedence). */
function precedence(node: ExpressionNode): number {
  switch (node.kind) {
    case 'clause_list':
      if (node.clauses.length < 2) return 100;
      return node.operator === 'OR' ? 1 : node.operator === 'AND' ? 2 : 0;
    case 'unary':
      return node.operator === 'NOT' ? 3 : node.operator === '-' ? 9 : 100;
    case 'binary':
      return binaryPrecedence[node.operator] ?? comparisonPrecedence;
    case 'collate':
      // Binds tighter than any operator: `(a || b) COLLATE "C"`.
      return 10;
    default:
      return 100;
  }
}

/**
 * The tables an UPDATE's or DELETE's WHERE names besides its target (not looking into
 * subqueries): SQLAlchemy writes them as UPDATE ... FROM and DELETE ... USING.
 */
function dmlExtraFroms(target: FromNode, where: ExpressionNode | null): FromNode[] {
  if (!where) return [];
  const used = new Set<FromNode>();
  collectFroms(where, used);
  const own = openFroms([target]);
  return [...used].filter((from) => !own.has(from));
}

/**
 * The scope an UPDATE or DELETE gives its subqueries: they correlate to its tables, as a
 * subquery does to its enclosing SELECT (SQLAlchemy's auto-correlation), unless that would
 * leave them no FROM of their own.
 */
function dmlScope(target: FromNode, extra: readonly FromNode[]): SelectScope {
  return { froms: openFroms([target, ...extra]), labels: new Set(), dml: true };
}

function describeFrom(from: FromNode): string {
  return 'name' in from ? String(from.name) : from.kind;
}

function assertNever(value: never): never {
  throw new CompileError(
    `Cannot compile ${JSON.stringify((value as { kind?: unknown })?.kind ?? value)}`,
  );
}

const statementKinds = new Set(['select', 'compound_select', 'insert', 'update', 'delete', 'text']);

function isStatementNode(node: { kind: string }): node is StatementNode {
  return statementKinds.has(node.kind);
}

function firstSelect(node: CompoundSelectNode): SelectNode {
  const first = node.selects[0];
  if (!first) throw new CompileError('A compound select needs selects');
  return first.kind === 'select' ? first : firstSelect(first);
}

/** The result of `compile()`: the SQL, its values, and the SQL again as its string. */
class SqlAndParams implements CompiledSql {
  constructor(
    readonly sql: string,
    readonly params: readonly unknown[],
  ) {}

  toString(): string {
    return this.sql;
  }
}

function compiledSql(sql: string, params: readonly unknown[]): CompiledSql {
  return new SqlAndParams(sql, params);
}

function unwritable(value: unknown, reason: string): CompileError {
  const shown =
    typeof value === 'string'
      ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`
      : typeof value === 'object'
        ? `a ${(value as object).constructor?.name ?? 'object'}`
        : `${typeof value} ${String(value)}`;
  return new CompileError(
    `Cannot write ${shown} as a SQL literal: ${reason}. Bind it as a parameter instead (compile() without literalBinds, or execute the statement).`,
  );
}
