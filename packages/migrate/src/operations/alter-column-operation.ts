import {
  AlterColumn,
  type AlterColumnChanges,
  ArgumentError,
  Column,
  Integer,
  RenameColumn,
  SetComment,
  type TypeArg,
  toType,
} from '@athanor/core';
import type { MigrationContext } from '../runtime/migration-context.js';
import { type AlterColumnOptions, existingColumn } from './alter-column-options.js';
import { recreateTable } from './sqlite-batch.js';
import { standInTable } from './stand-in-table.js';

/** `op.alterColumn`: the statements one column change takes on the context's dialect. */
export class AlterColumnOperation {
  constructor(
    readonly context: MigrationContext,
    readonly table: string,
    readonly name: string,
    readonly options: AlterColumnOptions,
    readonly schema: string | undefined,
  ) {}

  async run(): Promise<void> {
    const { comment, newName } = this.options;
    const structural = this.structuralChanges();
    if (Object.keys(structural).length === 0 && comment === undefined && newName === undefined) {
      throw new ArgumentError(
        `alterColumn('${this.table}', '${this.name}') changes nothing: give type, nullable, ` +
          'serverDefault, comment or newName.',
        { code: 'alter-nothing' },
      );
    }
    if (this.options.using !== undefined && this.options.type === undefined) {
      throw new ArgumentError(
        'alterColumn: `using` converts values to a new type; give `type` too.',
        {
          code: 'alter-using',
        },
      );
    }
    if (this.context.dialect.capabilities.alterColumn) await this.alterInPlace(structural);
    else await this.reCreate(structural);
    if (newName !== undefined) {
      await this.context.emit(new RenameColumn(this.holder(), this.name, newName));
    }
  }

  /** ALTER TABLE (and COMMENT ON where comments are statements). */
  private async alterInPlace(structural: AlterColumnChanges): Promise<void> {
    const { comment, using } = this.options;
    const style = this.context.dialect.capabilities.commentStyle;
    const inlineComment = style === 'inline' && comment !== undefined;
    if (Object.keys(structural).length > 0 || inlineComment) {
      const existing = await existingColumn(
        this.context.connection,
        this.table,
        this.name,
        this.schema,
        this.options,
      );
      const changes: AlterColumnChanges = {
        ...structural,
        ...(using === undefined ? {} : { using }),
        ...(inlineComment ? { comment } : {}),
      };
      await this.context.emit(new AlterColumn(this.holder(), this.name, changes, existing));
    }
    if (style === 'statement' && comment !== undefined) {
      const column = new Column(Integer, comment === null ? {} : { comment });
      const holder = standInTable(this.table, this.schema, { [this.name]: column });
      await this.context.emit(new SetComment(holder, this.name));
    }
  }

  /** SQLite: the table re-created with the column changed (comments it does not keep). */
  private async reCreate(structural: AlterColumnChanges): Promise<void> {
    if (this.options.using !== undefined) {
      throw new ArgumentError(
        "alterColumn: `using` is PostgreSQL's; SQLite keeps each value as it is when the type changes. Leave it out here.",
        { code: 'alter-using' },
      );
    }
    if (Object.keys(structural).length === 0) return;
    await recreateTable(this.context, this.table, this.schema, [
      { kind: 'alter_column', name: this.name, ...structural },
    ]);
  }

  /** The type, NULL and server default changes, without the members left out. */
  private structuralChanges(): AlterColumnChanges {
    const { type, nullable, serverDefault } = this.options;
    return {
      ...(type === undefined ? {} : { type: toType(type as TypeArg) }),
      ...(nullable === undefined ? {} : { nullable }),
      ...(serverDefault === undefined ? {} : { serverDefault }),
    };
  }

  private holder() {
    return standInTable(this.table, this.schema);
  }
}
