import { Column, DateTime, Integer, Varchar } from '@athanor/core';
import { declarativeBase } from '../../src/index.js';

// The models of the event tests: authors and books on one declarative base. Book.authorId is a
// plain column (no relationship), so that the tests see only the events they cause.

/** The base of the event tests' models; its listeners run for both. */
export const Base = declarativeBase();

export class Author extends Base.model('ev_authors', {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(Varchar(50), { nullable: false }),
  updatedAt: new Column(DateTime(), { name: 'updated_at' }),
}) {}

export class Book extends Base.model('ev_books', {
  id: new Column(Integer, { primaryKey: true }),
  title: new Column(Varchar(100), { nullable: false }),
  authorId: new Column(Integer, { name: 'author_id' }),
}) {}

/** What a listener was called for, as a short string: `beforeInsert Book Dune`. */
export function label(event: string, instance: object): string {
  if (instance instanceof Author) return `${event} Author ${instance.name}`;
  if (instance instanceof Book) return `${event} Book ${instance.title}`;
  return `${event} ${instance.constructor.name}`;
}
