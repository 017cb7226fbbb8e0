import { InvalidRequestError } from '../errors.js';

/** What a transaction needs from its connection (a `Connection`). */
export interface TransactionHost {
  endTransaction(transaction: Transaction, action: 'commit' | 'rollback'): Promise<void>;
}

/**
 * A transaction on a connection (SQLAlchemy's `RootTransaction`), from `conn.begin()` or begun
 * by the first `execute`. Commit or roll it back once; after that it is inactive.
 *
 * `await using tx = await conn.begin()` rolls it back at the end of the block unless it was
 * committed: a block that throws never commits half its work.
 */
export class Transaction implements AsyncDisposable {
  #active = true;

  /** @internal */
  constructor(/** @internal */ protected readonly host: TransactionHost) {}

  /** True until it is committed or rolled back (or an enclosing transaction ends). */
  get isActive(): boolean {
    return this.#active;
  }

  /** True for a savepoint from `beginNested()`. */
  get nested(): boolean {
    return false;
  }

  /** Commits the transaction (for a savepoint: releases it). */
  async commit(): Promise<void> {
    this.#checkActive('commit');
    await this.host.endTransaction(this, 'commit');
  }

  /** Rolls the transaction back (for a savepoint: back to where it began); no-op if inactive. */
  async rollback(): Promise<void> {
    if (!this.#active) return;
    await this.host.endTransaction(this, 'rollback');
  }

  /** @internal Marks it ended; the connection calls this once the database has answered. */
  deactivate(): void {
    this.#active = false;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.rollback();
  }

  #checkActive(action: string): void {
    if (!this.#active) {
      throw new InvalidRequestError(
        `Cannot ${action}: this ${this.nested ? 'savepoint' : 'transaction'} is no longer active ` +
          '(it was already committed or rolled back, or an enclosing transaction ended).',
        { code: 'inactive-transaction' },
      );
    }
  }
}

/** A savepoint inside a transaction, from `conn.beginNested()` (SQLAlchemy's `NestedTransaction`). */
export class NestedTransaction extends Transaction {
  /** @internal */
  constructor(
    host: TransactionHost,
    /** The savepoint's name in SQL. */
    readonly savepointName: string,
  ) {
    super(host);
  }

  override get nested(): boolean {
    return true;
  }
}
