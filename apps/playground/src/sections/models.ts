import { Column, Integer, String } from '@athanor/core';
import { declarativeBase } from '@athanor/orm';

/**
 * The guide's declarative base (3.2) and its User model (4). A model extends
 * `Base.model(tableName, columns)`: the columns are typed once, with their SQL types, and the
 * class body holds the model's own methods.
 */
export const Base = declarativeBase();

// The guide's `users`, prefixed so that the playground never touches a table of yours.
export class User extends Base.model('playground_users', {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(50)),
  age: new Column(Integer),
}) {
  override toString(): string {
    return `<User(name='${this.name}', age=${this.age})>`;
  }
}
