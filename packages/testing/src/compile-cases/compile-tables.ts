import {
  Boolean as Bool,
  CheckConstraint,
  Column,
  DateTime,
  ForeignKey,
  ForeignKeyConstraint,
  Index,
  Integer,
  MetaData,
  Numeric,
  String as SqlString,
  Table,
  Text,
  text,
  UniqueConstraint,
} from '@athanor/core';

/**
 * The tables the compile cases build statements over. Built once and only compiled, never
 * created: each case's SQL names them as they are here.
 */
export const metadata = new MetaData();

export const users = new Table('users', metadata, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(SqlString(50), { nullable: false }),
  age: new Column(Integer),
  email: new Column(SqlString(100)),
});

export const posts = new Table('posts', metadata, {
  id: new Column(Integer, { primaryKey: true }),
  userId: new Column(Integer, { foreignKey: 'users.id', name: 'user_id' }),
  title: new Column(SqlString(200), { nullable: false }),
  score: new Column(Numeric(10, 2)),
  published: new Column(Bool),
});

/** A table every column of which has a default, for INSERT ... DEFAULT VALUES. */
export const counters = new Table('counters', metadata, {
  id: new Column(Integer, { primaryKey: true }),
  hits: new Column(Integer, { serverDefault: 0 }),
});

/** A table whose columns carry every option, for CREATE TABLE. */
export const accounts = new Table(
  'accounts',
  metadata,
  {
    id: new Column(Integer, { primaryKey: true, autoincrement: true }),
    login: new Column(SqlString(40), { nullable: false, unique: true }),
    ownerId: new Column(Integer, {
      name: 'owner_id',
      foreignKey: new ForeignKey('users.id', { onDelete: 'CASCADE', onUpdate: 'SET NULL' }),
    }),
    status: new Column(SqlString(10), { nullable: false, serverDefault: 'new' }),
    balance: new Column(Numeric(12, 2), { serverDefault: 0, comment: 'in cents' }),
    note: new Column(Text, { index: true }),
    created: new Column(DateTime, { serverDefault: text('CURRENT_TIMESTAMP') }),
  },
  {
    comment: 'who may sign in',
    constraints: [
      new CheckConstraint('balance >= 0', { name: 'ck_accounts_balance' }),
      new UniqueConstraint('owner_id', 'status', { name: 'uq_accounts_owner_status' }),
    ],
    indexes: [new Index('ix_accounts_status', 'status', { unique: true })],
  },
);

/** An index on an expression, on a table of its own. */
export const lowerNameIndex = new Index('ix_people_lower_name', text('lower(name)'), {
  unique: true,
});
new Table(
  'people',
  metadata,
  { id: new Column(Integer, { primaryKey: true }), name: new Column(SqlString(50)) },
  { indexes: [lowerNameIndex] },
);

/** `users` as a migration leaves it: a new column and three constraints to add. */
const migrated = new MetaData(); // apart from `metadata`: both hold a table named users
export const usersUnique = new UniqueConstraint('email', { name: 'uq_users_email' });
export const usersCheck = new CheckConstraint('age >= 0', { name: 'ck_users_age' });
export const usersForeignKey = new ForeignKeyConstraint(['age'], ['accounts.id'], {
  name: 'fk_users_account',
  onDelete: 'SET NULL',
});
export const usersAfter = new Table(
  'users',
  migrated,
  {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(SqlString(50), { nullable: false }),
    age: new Column(Integer),
    email: new Column(SqlString(100)),
    nickname: new Column(SqlString(30), { nullable: false, serverDefault: 'x' }),
  },
  { constraints: [usersUnique, usersCheck, usersForeignKey] },
);
new Table('accounts', migrated, { id: new Column(Integer, { primaryKey: true }) });
