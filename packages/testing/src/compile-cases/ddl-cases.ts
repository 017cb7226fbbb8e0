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
        mysql:
          "CREATE TABLE accounts (\n\tid INTEGER NOT NULL AUTO_INCREMENT,\n\tlogin VARCHAR(40) NOT NULL,\n\towner_id INTEGER,\n\tstatus VARCHAR(10) DEFAULT 'new' NOT NULL,\n\tbalance DECIMAL(12, 2) DEFAULT 0 COMMENT 'in cents',\n\tnote LONGTEXT,\n\tcreated DATETIME(6) DEFAULT CURRENT_TIMESTAMP,\n\tPRIMARY KEY (id),\n\tUNIQUE (login),\n\tFOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL,\n\tCONSTRAINT ck_accounts_balance CHECK (balance >= 0),\n\tCONSTRAINT uq_accounts_owner_status UNIQUE (owner_id, status)\n) COMMENT='who may sign in'",
        mariadb:
          "CREATE TABLE accounts (\n\tid INTEGER NOT NULL AUTO_INCREMENT,\n\tlogin VARCHAR(40) NOT NULL,\n\towner_id INTEGER,\n\tstatus VARCHAR(10) DEFAULT 'new' NOT NULL,\n\tbalance DECIMAL(12, 2) DEFAULT 0 COMMENT 'in cents',\n\tnote LONGTEXT,\n\tcreated DATETIME(6) DEFAULT CURRENT_TIMESTAMP,\n\tPRIMARY KEY (id),\n\tUNIQUE (login),\n\tFOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL,\n\tCONSTRAINT ck_accounts_balance CHECK (balance >= 0),\n\tCONSTRAINT uq_accounts_owner_status UNIQUE (owner_id, status)\n) COMMENT='who may sign in'",
        generic:
          "CREATE TABLE accounts (\n\tid INTEGER NOT NULL,\n\tlogin VARCHAR(40) NOT NULL,\n\towner_id INTEGER,\n\tstatus VARCHAR(10) DEFAULT 'new' NOT NULL,\n\tbalance NUMERIC(12, 2) DEFAULT 0,\n\tnote TEXT,\n\tcreated TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n\tPRIMARY KEY (id),\n\tUNIQUE (login),\n\tFOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL,\n\tCONSTRAINT ck_accounts_balance CHECK (balance >= 0),\n\tCONSTRAINT uq_accounts_owner_status UNIQUE (owner_id, status)\n)",
      },
    },
    {
      name: 'CREATE TABLE IF NOT EXISTS',
      statement: () => new CreateTable(users, { ifNotExists: true }),
      sql: {
        sqlite:
          'CREATE TABLE IF NOT EXISTS users (\n\tid INTEGER NOT NULL,\n\tname VARCHAR(50) NOT NULL,\n\tage INTEGER,\n\temail VARCHAR(100),\n\tPRIMARY KEY (id)\n)',
        postgresql:
          'CREATE TABLE IF NOT EXISTS users (\n\tid SERIAL NOT NULL,\n\tname VARCHAR(50) NOT NULL,\n\tage INTEGER,\n\temail VARCHAR(100),\n\tPRIMARY KEY (id)\n)',
        mysql:
          'CREATE TABLE IF NOT EXISTS users (\n\tid INTEGER NOT NULL AUTO_INCREMENT,\n\tname VARCHAR(50) NOT NULL,\n\tage INTEGER,\n\temail VARCHAR(100),\n\tPRIMARY KEY (id)\n)',
        mariadb:
          'CREATE TABLE IF NOT EXISTS users (\n\tid INTEGER NOT NULL AUTO_INCREMENT,\n\tname VARCHAR(50) NOT NULL,\n\tage INTEGER,\n\temail VARCHAR(100),\n\tPRIMARY KEY (id)\n)',
        generic:
          'CREATE TABLE IF NOT EXISTS users (\n\tid INTEGER NOT NULL,\n\tname VARCHAR(50) NOT NULL,\n\tage INTEGER,\n\temail VARCHAR(100),\n\tPRIMARY KEY (id)\n)',
      },
    },
    {
      name: 'DROP TABLE',
      statement: () => new DropTable(users),
      sql: {
        sqlite: 'DROP TABLE users',
        postgresql: 'DROP TABLE users',
        mysql: 'DROP TABLE users',
        mariadb: 'DROP TABLE users',
        generic: 'DROP TABLE users',
      },
    },
    {
      name: 'DROP TABLE IF EXISTS',
      statement: () => new DropTable(users, { ifExists: true }),
      sql: {
        sqlite: 'DROP TABLE IF EXISTS users',
        postgresql: 'DROP TABLE IF EXISTS users',
        mysql: 'DROP TABLE IF EXISTS users',
        mariadb: 'DROP TABLE IF EXISTS users',
        generic: 'DROP TABLE IF EXISTS users',
      },
    },
    {
      name: 'CREATE INDEX for a column with index: true',
      statement: () => new CreateIndex(accounts.indexes[0] as Index),
      sql: {
        sqlite: 'CREATE INDEX ix_accounts_note ON accounts (note)',
        postgresql: 'CREATE INDEX ix_accounts_note ON accounts (note)',
        mysql: 'CREATE INDEX ix_accounts_note ON accounts (note)',
        mariadb: 'CREATE INDEX ix_accounts_note ON accounts (note)',
        generic: 'CREATE INDEX ix_accounts_note ON accounts (note)',
      },
    },
    {
      name: 'CREATE INDEX on several columns',
      statement: () => new CreateIndex(new Index('ix_users_name_age', users.c.name, users.c.age)),
      sql: {
        sqlite: 'CREATE INDEX ix_users_name_age ON users (name, age)',
        postgresql: 'CREATE INDEX ix_users_name_age ON users (name, age)',
        mysql: 'CREATE INDEX ix_users_name_age ON users (name, age)',
        mariadb: 'CREATE INDEX ix_users_name_age ON users (name, age)',
        generic: 'CREATE INDEX ix_users_name_age ON users (name, age)',
      },
    },
    {
      name: 'a partial index',
      statement: () =>
        new CreateIndex(new Index('ix_users_adult', users.c.age, { where: users.c.age.ge(18) })),
      sql: {
        sqlite: 'CREATE INDEX ix_users_adult ON users (age) WHERE age >= 18',
        postgresql: 'CREATE INDEX ix_users_adult ON users (age) WHERE age >= 18',
        mysql: {
          error:
            'mysql has no partial indexes (CREATE INDEX ... WHERE): index the whole column, or a generated column that is NULL where the condition is false.',
        },
        mariadb: {
          error:
            'MariaDB 10.11.0 has no partial indexes (CREATE INDEX ... WHERE): index the whole column, or a generated column that is NULL where the condition is false.',
        },
        generic: 'CREATE INDEX ix_users_adult ON users (age) WHERE age >= 18',
      },
    },
    {
      name: 'an expression index',
      statement: () => new CreateIndex(lowerNameIndex),
      sql: {
        sqlite: 'CREATE UNIQUE INDEX ix_people_lower_name ON people ((lower(name)))',
        postgresql: 'CREATE UNIQUE INDEX ix_people_lower_name ON people ((lower(name)))',
        mysql: 'CREATE UNIQUE INDEX ix_people_lower_name ON people ((lower(name)))',
        mariadb: {
          error:
            'MariaDB 10.11.0 cannot index an expression (MySQL can from 8.0.13): add a generated column computing it and index that column.',
        },
        generic: 'CREATE UNIQUE INDEX ix_people_lower_name ON people ((lower(name)))',
      },
    },
    {
      name: 'DROP INDEX',
      statement: () => new DropIndex(new Index('ix_users_name_age', users.c.name, users.c.age)),
      sql: {
        sqlite: 'DROP INDEX ix_users_name_age',
        postgresql: 'DROP INDEX ix_users_name_age',
        mysql: 'DROP INDEX ix_users_name_age ON users',
        mariadb: 'DROP INDEX ix_users_name_age ON users',
        generic: 'DROP INDEX ix_users_name_age',
      },
    },
    {
      name: 'AddColumn',
      statement: () => new AddColumn(usersAfter, usersAfter.c.nickname),
      sql: {
        sqlite: "ALTER TABLE users ADD COLUMN nickname VARCHAR(30) DEFAULT 'x' NOT NULL",
        postgresql: "ALTER TABLE users ADD COLUMN nickname VARCHAR(30) DEFAULT 'x' NOT NULL",
        mysql: "ALTER TABLE users ADD COLUMN nickname VARCHAR(30) DEFAULT 'x' NOT NULL",
        mariadb: "ALTER TABLE users ADD COLUMN nickname VARCHAR(30) DEFAULT 'x' NOT NULL",
        generic: "ALTER TABLE users ADD COLUMN nickname VARCHAR(30) DEFAULT 'x' NOT NULL",
      },
    },
    {
      name: 'DropColumn',
      statement: () => new DropColumn(users, 'email'),
      sql: {
        sqlite: 'ALTER TABLE users DROP COLUMN email',
        postgresql: 'ALTER TABLE users DROP COLUMN email',
        mysql: 'ALTER TABLE users DROP COLUMN email',
        mariadb: 'ALTER TABLE users DROP COLUMN email',
        generic: 'ALTER TABLE users DROP COLUMN email',
      },
    },
    {
      name: 'RenameColumn',
      statement: () => new RenameColumn(users, 'email', 'mail'),
      sql: {
        sqlite: 'ALTER TABLE users RENAME COLUMN email TO mail',
        postgresql: 'ALTER TABLE users RENAME COLUMN email TO mail',
        mysql: 'ALTER TABLE users RENAME COLUMN email TO mail',
        mariadb: 'ALTER TABLE users RENAME COLUMN email TO mail',
        generic: 'ALTER TABLE users RENAME COLUMN email TO mail',
      },
    },
    {
      name: 'RenameTable',
      statement: () => new RenameTable(users, 'people'),
      sql: {
        sqlite: 'ALTER TABLE users RENAME TO people',
        postgresql: 'ALTER TABLE users RENAME TO people',
        mysql: 'ALTER TABLE users RENAME TO people',
        mariadb: 'ALTER TABLE users RENAME TO people',
        generic: 'ALTER TABLE users RENAME TO people',
      },
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
        postgresql: 'ALTER TABLE users ALTER COLUMN age TYPE BIGINT, ALTER COLUMN age SET NOT NULL',
        mysql: 'ALTER TABLE users MODIFY COLUMN age BIGINT NOT NULL',
        mariadb: 'ALTER TABLE users MODIFY COLUMN age BIGINT NOT NULL',
        generic: 'ALTER TABLE users ALTER COLUMN age TYPE BIGINT, ALTER COLUMN age SET NOT NULL',
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
        postgresql: 'ALTER TABLE users ALTER COLUMN age SET DEFAULT 7',
        mysql: 'ALTER TABLE users MODIFY COLUMN age INTEGER DEFAULT 7',
        mariadb: 'ALTER TABLE users MODIFY COLUMN age INTEGER DEFAULT 7',
        generic: 'ALTER TABLE users ALTER COLUMN age SET DEFAULT 7',
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
        postgresql:
          'ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL, ALTER COLUMN nickname DROP DEFAULT',
        mysql: 'ALTER TABLE users MODIFY COLUMN nickname VARCHAR(30)',
        mariadb: 'ALTER TABLE users MODIFY COLUMN nickname VARCHAR(30)',
        generic:
          'ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL, ALTER COLUMN nickname DROP DEFAULT',
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
        postgresql: 'ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)',
        mysql: 'ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)',
        mariadb: 'ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)',
        generic: 'ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)',
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
        postgresql: 'ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)',
        mysql: 'ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)',
        mariadb: 'ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)',
        generic: 'ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)',
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
        postgresql:
          'ALTER TABLE users ADD CONSTRAINT fk_users_account FOREIGN KEY (age) REFERENCES accounts (id) ON DELETE SET NULL',
        mysql:
          'ALTER TABLE users ADD CONSTRAINT fk_users_account FOREIGN KEY (age) REFERENCES accounts (id) ON DELETE SET NULL',
        mariadb:
          'ALTER TABLE users ADD CONSTRAINT fk_users_account FOREIGN KEY (age) REFERENCES accounts (id) ON DELETE SET NULL',
        generic:
          'ALTER TABLE users ADD CONSTRAINT fk_users_account FOREIGN KEY (age) REFERENCES accounts (id) ON DELETE SET NULL',
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
        postgresql: 'ALTER TABLE users DROP CONSTRAINT fk_users_account',
        mysql: 'ALTER TABLE users DROP FOREIGN KEY fk_users_account',
        mariadb: 'ALTER TABLE users DROP FOREIGN KEY fk_users_account',
        generic: 'ALTER TABLE users DROP CONSTRAINT fk_users_account',
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
        postgresql: 'ALTER TABLE users DROP CONSTRAINT uq_users_email',
        mysql: 'ALTER TABLE users DROP INDEX uq_users_email',
        mariadb: 'ALTER TABLE users DROP INDEX uq_users_email',
        generic: 'ALTER TABLE users DROP CONSTRAINT uq_users_email',
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
        postgresql: 'ALTER TABLE users DROP CONSTRAINT ck_users_age',
        mysql: 'ALTER TABLE users DROP CHECK ck_users_age',
        mariadb: 'ALTER TABLE users DROP CONSTRAINT ck_users_age',
        generic: 'ALTER TABLE users DROP CONSTRAINT ck_users_age',
      },
    },
    {
      name: 'SetComment on a table',
      statement: () => new SetComment(accounts),
      sql: {
        sqlite: { error: 'SQLite does not store comments.' },
        postgresql: "COMMENT ON TABLE accounts IS 'who may sign in'",
        mysql: "ALTER TABLE accounts COMMENT 'who may sign in'",
        mariadb: "ALTER TABLE accounts COMMENT 'who may sign in'",
        generic: "COMMENT ON TABLE accounts IS 'who may sign in'",
      },
    },
  ],
};
