import {
  AddConstraint,
  AlterColumn,
  type AlterColumnChanges,
  ArgumentError,
  Column,
  DropConstraint,
  Integer,
  RenameColumn,
  SetComment,
  type TypeArg,
  toType,
} from '@athanor/core';
import type { MigrationContext } from '../runtime/migration-context.js';
import { type AlterColumnOptions, existingColumn } from './alter-column-options.js';
import { enumCheck, existingEnumCheck } from './enum-check.js';
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

  /**
   * ALTER TABLE (and COMMENT ON where comments are statements). A type change to or from an
   * Enum, where the dialect has no native enum, also drops the old type's CHECK of its values
   * before and adds the new one's after (as Alembic does for types that carry a constraint).
   */
  private async alterInPlace(structural: AlterColumnChanges): Promise<void> {
    const { comment, using } = this.options;
    const style = this.context.dialect.capabilities.commentStyle;
    const inlineComment = style === 'inline' && comment !== undefined;
    if (structural.type !== undefined) {
      const { existingType } = this.options;
      const dropped = await existingEnumCheck(
        this.context.dialect,
        this.context.connection,
        this.table,
        this.name,
        this.schema,
        existingType === undefined ? undefined : toType(existingType),
      );
      if (dropped !== null) {
        await this.context.emit(
          new DropConstraint({ table: this.holder(), name: dropped, type: 'check' }),
        );
      }
    }
    if (Object.keys(structural).length > 0 || inlineComment) {
      const existing = await existingColumn(
        this.context.connection,
        this.table,
        this.name,
        this.schema,
        this.options,
        this.context.dialect.capabilities.alterColumnRestates,
      );
      const changes: AlterColumnChanges = {
        ...structural,
        ...(using === undefined ? {} : { using }),
        ...(inlineComment ? { comment } : {}),
      };
      await this.context.emit(new AlterColumn(this.holder(), this.name, changes, existing));
    }
    const check = enumCheck(this.context.dialect, this.table, this.name, structural.type);
    if (check !== null) {
      standInTable(this.table, this.schema, [this.name], { constraints: [check] });
      await this.context.emit(new AddConstraint(check));
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
    const { existingType } = this.options;
    await recreateTable(this.context, this.table, this.schema, [
      {
        kind: 'alter_column',
        name: this.name,
        ...structural,
        ...(existingType === undefined ? {} : { existingType: toType(existingType) }),
      },
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
