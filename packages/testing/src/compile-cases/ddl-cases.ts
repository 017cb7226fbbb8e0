import {
  AddColumn,
  AddConstraint,
  AlterColumn,
  BigInteger,
  CreateIndex,
  CreateTable,
  DropColumn,
  DropConstraint,
  DropIndex,
  DropTable,
  Index,
  RenameColumn,
  RenameTable,
  SetComment,
} from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import {
  accounts,
  lowerNameIndex,
  users,
  usersAfter,
  usersCheck,
  usersForeignKey,
  usersUnique,
} from './compile-tables.js';
import { everyDialect, same } from './same-sql.js';

/** CREATE / DROP of tables and indexes, and the ALTER statements migrations run. */
export const ddlCases: CompileTopic = {
  topic: 'DDL',
  cases: [
    {
      name: 'CREATE TABLE with every column option and constraint',
      statement: () => new CreateTable(accounts),
      sql: {
        sqlite:
          "CREATE TABLE accounts (\n\tid INTEGER NOT NULL,\n\tlogin VARCHAR(40) NOT NULL,\n\towner_id INTEGER,\n\tstatus VARCHAR(10) DEFAULT 'new' NOT NULL,\n\tbalance NUMERIC_TEXT(12, 2) DEFAULT 0 CHECK (balance IS NULL OR typeof(balance) = 'text' AND balance GLOB '*[0-9]*' AND NOT balance GLOB '*[^0-9.-]*' AND NOT balance GLOB '?*-*' AND NOT balance GLOB '*.*.*'),\n\tnote TEXT,\n\tcreated DATETIME DEFAULT CURRENT_TIMESTAMP,\n\tPRIMARY KEY (id),\n\tUNIQUE (login),\n\tFOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL,\n\tCONSTRAINT ck_accounts_balance CHECK (balance >= 0),\n\tCONSTRAINT uq_accounts_owner_status UNIQUE (owner_id, status)\n)",
        postgresql:
          "CREATE TABLE accounts (\n\tid SERIAL NOT NULL,\n\tlogin VARCHAR(40) NOT NULL,\n\towner_id INTEGER,\n\tstatus VARCHAR(10) DEFAULT 'new' NOT NULL,\n\tbalance NUMERIC(12, 2) DEFAULT 0,\n\tnote TEXT,\n\tcreated TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n\tPRIMARY KEY (id),\n\tUNIQUE (login),\n\tFOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL,\n\tCONSTRAINT ck_accounts_balance CHECK (balance >= 0),\n\tCONSTRAINT uq_accounts_owner_status UNIQUE (owner_id, status)\n)",
        ...same(
          ['mysql', 'mariadb'],
          "CREATE TABLE accounts (\n\tid INTEGER NOT NULL AUTO_INCREMENT,\n\tlogin VARCHAR(40) NOT NULL,\n\towner_id INTEGER,\n\tstatus VARCHAR(10) DEFAULT 'new' NOT NULL,\n\tbalance DECIMAL(12, 2) DEFAULT 0 COMMENT 'in cents',\n\tnote LONGTEXT,\n\tcreated DATETIME(6) DEFAULT CURRENT_TIMESTAMP,\n\tPRIMARY KEY (id),\n\tUNIQUE (login),\n\tFOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL,\n\tCONSTRAINT ck_accounts_balance CHECK (balance >= 0),\n\tCONSTRAINT uq_accounts_owner_status UNIQUE (owner_id, status)\n) COMMENT='who may sign in'",
        ),
        generic:
          "CREATE TABLE accounts (\n\tid INTEGER NOT NULL,\n\tlogin VARCHAR(40) NOT NULL,\n\towner_id INTEGER,\n\tstatus VARCHAR(10) DEFAULT 'new' NOT NULL,\n\tbalance NUMERIC(12, 2) DEFAULT 0,\n\tnote TEXT,\n\tcreated TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n\tPRIMARY KEY (id),\n\tUNIQUE (login),\n\tFOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL,\n\tCONSTRAINT ck_accounts_balance CHECK (balance >= 0),\n\tCONSTRAINT uq_accounts_owner_status UNIQUE (owner_id, status)\n)",
      },
    },
    {
      name: 'CREATE TABLE IF NOT EXISTS',
      statement: () => new CreateTable(users, { ifNotExists: true }),
      sql: {
        ...same(
          ['sqlite', 'generic'],
          'CREATE TABLE IF NOT EXISTS users (\n\tid INTEGER NOT NULL,\n\tname VARCHAR(50) NOT NULL,\n\tage INTEGER,\n\temail VARCHAR(100),\n\tPRIMARY KEY (id)\n)',
        ),
        postgresql:
          'CREATE TABLE IF NOT EXISTS users (\n\tid SERIAL NOT NULL,\n\tname VARCHAR(50) NOT NULL,\n\tage INTEGER,\n\temail VARCHAR(100),\n\tPRIMARY KEY (id)\n)',
        ...same(
          ['mysql', 'mariadb'],
          'CREATE TABLE IF NOT EXISTS users (\n\tid INTEGER NOT NULL AUTO_INCREMENT,\n\tname VARCHAR(50) NOT NULL,\n\tage INTEGER,\n\temail VARCHAR(100),\n\tPRIMARY KEY (id)\n)',
        ),
      },
    },
    {
      name: 'DROP TABLE',
      statement: () => new DropTable(users),
      sql: same(everyDialect, 'DROP TABLE users'),
    },
    {
      name: 'DROP TABLE IF EXISTS',
      statement: () => new DropTable(users, { ifExists: true }),
      sql: same(everyDialect, 'DROP TABLE IF EXISTS users'),
    },
    {
      name: 'CREATE INDEX for a column with index: true',
      statement: () => new CreateIndex(accounts.indexes[0] as Index),
      sql: same(everyDialect, 'CREATE INDEX ix_accounts_note ON accounts (note)'),
    },
    {
      name: 'CREATE INDEX on several columns',
      statement: () => new CreateIndex(new Index('ix_users_name_age', users.c.name, users.c.age)),
      sql: same(everyDialect, 'CREATE INDEX ix_users_name_age ON users (name, age)'),
    },
    {
      name: 'a partial index',
      statement: () =>
        new CreateIndex(new Index('ix_users_adult', users.c.age, { where: users.c.age.ge(18) })),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'CREATE INDEX ix_users_adult ON users (age) WHERE age >= 18',
        ),
        mysql: {
          error:
            'mysql has no partial indexes (CREATE INDEX ... WHERE): index the whole column, or a generated column that is NULL where the condition is false.',
        },
        mariadb: {
          error:
            'MariaDB 10.11.0 has no partial indexes (CREATE INDEX ... WHERE): index the whole column, or a generated column that is NULL where the condition is false.',
        },
      },
    },
    {
      name: 'an expression index',
      statement: () => new CreateIndex(lowerNameIndex),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'mysql', 'generic'],
          'CREATE UNIQUE INDEX ix_people_lower_name ON people ((lower(name)))',
        ),
        mariadb: {
          error:
            'MariaDB 10.11.0 cannot index an expression (MySQL can from 8.0.13): add a generated column computing it and index that column.',
        },
      },
    },
    {
      name: 'DROP INDEX',
      statement: () => new DropIndex(new Index('ix_users_name_age', users.c.name, users.c.age)),
      sql: {
        ...same(['sqlite', 'postgresql', 'generic'], 'DROP INDEX ix_users_name_age'),
        ...same(['mysql', 'mariadb'], 'DROP INDEX ix_users_name_age ON users'),
      },
    },
    {
      name: 'AddColumn',
      statement: () => new AddColumn(usersAfter, usersAfter.c.nickname),
      sql: same(
        everyDialect,
        "ALTER TABLE users ADD COLUMN nickname VARCHAR(30) DEFAULT 'x' NOT NULL",
      ),
    },
    {
      name: 'DropColumn',
      statement: () => new DropColumn(users, 'email'),
      sql: same(everyDialect, 'ALTER TABLE users DROP COLUMN email'),
    },
    {
      name: 'RenameColumn',
      statement: () => new RenameColumn(users, 'email', 'mail'),
      sql: same(everyDialect, 'ALTER TABLE users RENAME COLUMN email TO mail'),
    },
    {
      name: 'RenameTable',
      statement: () => new RenameTable(users, 'people'),
      sql: same(everyDialect, 'ALTER TABLE users RENAME TO people'),
    },
    {
      name: 'AlterColumn: type and NOT NULL',
      statement: () =>
        new AlterColumn(users, 'age', { type: BigInteger, nullable: false }, users.c.age),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot change column 'users.age': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(
          ['postgresql', 'generic'],
          'ALTER TABLE users ALTER COLUMN age TYPE BIGINT, ALTER COLUMN age SET NOT NULL',
        ),
        ...same(['mysql', 'mariadb'], 'ALTER TABLE users MODIFY COLUMN age BIGINT NOT NULL'),
      },
    },
    {
      name: 'AlterColumn: a server default set',
      statement: () => new AlterColumn(users, 'age', { serverDefault: 7 }, users.c.age),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot change column 'users.age': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(['postgresql', 'generic'], 'ALTER TABLE users ALTER COLUMN age SET DEFAULT 7'),
        ...same(['mysql', 'mariadb'], 'ALTER TABLE users MODIFY COLUMN age INTEGER DEFAULT 7'),
      },
    },
    {
      name: 'AlterColumn: the server default dropped, NULL allowed',
      statement: () =>
        new AlterColumn(
          usersAfter,
          'nickname',
          { serverDefault: null, nullable: true },
          usersAfter.c.nickname,
        ),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot change column 'users.nickname': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(
          ['postgresql', 'generic'],
          'ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL, ALTER COLUMN nickname DROP DEFAULT',
        ),
        ...same(['mysql', 'mariadb'], 'ALTER TABLE users MODIFY COLUMN nickname VARCHAR(30)'),
      },
    },
    {
      name: 'AddConstraint: UNIQUE',
      statement: () => new AddConstraint(usersUnique),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot add a constraint to 'users': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(
          ['postgresql', 'mysql', 'mariadb', 'generic'],
          'ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)',
        ),
      },
    },
    {
      name: 'AddConstraint: CHECK',
      statement: () => new AddConstraint(usersCheck),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot add a constraint to 'users': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(
          ['postgresql', 'mysql', 'mariadb', 'generic'],
          'ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)',
        ),
      },
    },
    {
      name: 'AddConstraint: FOREIGN KEY',
      statement: () => new AddConstraint(usersForeignKey),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot add a constraint to 'users': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(
          ['postgresql', 'mysql', 'mariadb', 'generic'],
          'ALTER TABLE users ADD CONSTRAINT fk_users_account FOREIGN KEY (age) REFERENCES accounts (id) ON DELETE SET NULL',
        ),
      },
    },
    {
      name: 'DropConstraint: foreign key',
      statement: () =>
        new DropConstraint({ table: users, name: 'fk_users_account', type: 'foreignkey' }),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot drop constraint 'fk_users_account' of 'users': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(['postgresql', 'generic'], 'ALTER TABLE users DROP CONSTRAINT fk_users_account'),
        ...same(['mysql', 'mariadb'], 'ALTER TABLE users DROP FOREIGN KEY fk_users_account'),
      },
    },
    {
      name: 'DropConstraint: unique',
      statement: () => new DropConstraint({ table: users, name: 'uq_users_email', type: 'unique' }),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot drop constraint 'uq_users_email' of 'users': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(['postgresql', 'generic'], 'ALTER TABLE users DROP CONSTRAINT uq_users_email'),
        ...same(['mysql', 'mariadb'], 'ALTER TABLE users DROP INDEX uq_users_email'),
      },
    },
    {
      name: 'DropConstraint: check',
      statement: () => new DropConstraint({ table: users, name: 'ck_users_age', type: 'check' }),
      sql: {
        sqlite: {
          error:
            "SQLite's ALTER TABLE cannot drop constraint 'ck_users_age' of 'users': the table must be re-created with the change (batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
        },
        ...same(
          ['postgresql', 'mariadb', 'generic'],
          'ALTER TABLE users DROP CONSTRAINT ck_users_age',
        ),
        mysql: 'ALTER TABLE users DROP CHECK ck_users_age',
      },
    },
    {
      name: 'SetComment on a table',
      statement: () => new SetComment(accounts),
      sql: {
        sqlite: { error: 'SQLite does not store comments.' },
        ...same(['postgresql', 'generic'], "COMMENT ON TABLE accounts IS 'who may sign in'"),
        ...same(['mysql', 'mariadb'], "ALTER TABLE accounts COMMENT 'who may sign in'"),
      },
    },
  ],
};
