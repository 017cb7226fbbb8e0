import type { InstanceState } from './instance-state.js';

/** What a collection tells its relationship when members come and go. */
export interface CollectionEvents {
  /** Throws for a value the collection cannot hold (an object of another model). */
  check(member: unknown): void;
  /** Updates the other side when a member joins (`post.user = owner`). */
  appended(owner: InstanceState, member: object): void;
  /** Updates the other side when a member leaves (`post.user = null`). */
  removed(owner: InstanceState, member: object): void;
}

/**
 * The array a one-to-many or many-to-many relationship holds (SQLAlchemy's instrumented list).
 * `push`, `unshift`, `splice`, `pop`, `shift` and `remove` keep the other side in step in
 * memory: `user.posts.push(post)` sets `post.user`. Assigning by index or to `length` is not
 * seen until the flush, which compares every loaded collection with what was loaded; the other
 * side is then updated in the database, not in memory. Derived arrays (`map`, `filter`,
 * `slice`) are plain arrays.
 */
export class RelatedList<T extends object> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  #owner: InstanceState | null = null;
  #events: CollectionEvents | null = null;

  /** A collection of `owner`'s, holding `members` (the other sides are not touched). */
  static holding<T extends object>(
    owner: InstanceState,
    events: CollectionEvents,
    members: readonly T[],
  ): RelatedList<T> {
    const list = new RelatedList<T>();
    for (let i = 0; i < members.length; i++) list[i] = members[i] as T;
    list.#owner = owner;
    list.#events = events;
    return list;
  }

  override push(...members: T[]): number {
    this.#check(members);
    const length = super.push(...members);
    for (const member of members) this.#appended(member);
    return length;
  }

  override unshift(...members: T[]): number {
    this.#check(members);
    const length = super.unshift(...members);
    for (const member of members) this.#appended(member);
    return length;
  }

  override splice(start: number, ...rest: [deleteCount?: number, ...members: T[]]): T[] {
    const [deleteCount, ...members] = rest;
    this.#check(members);
    // splice(start) removes to the end; splice(start, undefined, ...) removes nothing.
    const removed =
      rest.length === 0 ? super.splice(start) : super.splice(start, deleteCount ?? 0, ...members);
    // A member taken out and put back (a move within the list) has not left.
    for (const member of removed) if (!this.includes(member)) this.#removed(member);
    for (const member of members) this.#appended(member);
    return removed;
  }

  override pop(): T | undefined {
    const member = super.pop();
    if (member !== undefined && !this.includes(member)) this.#removed(member);
    return member;
  }

  override shift(): T | undefined {
    const member = super.shift();
    if (member !== undefined && !this.includes(member)) this.#removed(member);
    return member;
  }

  /** Removes `member` if present (SQLAlchemy's `list.remove`); true when it was there. */
  remove(member: T): boolean {
    const index = this.indexOf(member);
    if (index < 0) return false;
    this.splice(index, 1);
    return true;
  }

  /** @internal Adds without telling the other side (it is the other side telling us). */
  addQuietly(member: T): void {
    if (!this.includes(member)) Array.prototype.push.call(this, member);
  }

  /** @internal Removes without telling the other side. */
  removeQuietly(member: T): void {
    const index = this.indexOf(member);
    if (index >= 0) Array.prototype.splice.call(this, index, 1);
  }

  #check(members: readonly T[]): void {
    if (this.#events) for (const member of members) this.#events.check(member);
  }

  #appended(member: T): void {
    if (this.#owner && this.#events) this.#events.appended(this.#owner, member);
  }

  #removed(member: T): void {
    if (this.#owner && this.#events) this.#events.removed(this.#owner, member);
  }
}
