import * as sa from '@athanor/core';

/** What each revision of the evolving model changes (the six steps). */
export const evolutionSteps = [
  'create users',
  'add nickname and status',
  'widen name',
  'add teams, team_id with index and foreign key',
  'rename nickname to display_name',
  'drop status',
] as const;

const col = (type: sa.TypeArg, options: sa.ColumnOptions = {}) => new sa.Column(type, options);

/**
 * The model as it is after revision `step` (1–6), tables prefixed by `p`:
 * 1. users (id, name String(50));
 * 2. + nickname (nullable), status (NOT NULL, server default 'active');
 * 3. name String(50) → String(200);
 * 4. + teams, users.team_id with an index and a foreign key to teams;
 * 5. nickname renamed display_name;
 * 6. status dropped.
 * `drift` adds a column no revision has, for `check`.
 */
export function evolutionModel(step: number, p: string, drift = false): sa.MetaData {
  const metadata = new sa.MetaData();
  const users: Record<string, sa.Column> = {
    id: col(sa.Integer, { primaryKey: true }),
    name: col(step >= 3 ? sa.String(200) : sa.String(50), { nullable: false }),
  };
  if (step >= 2) {
    const renamed = step >= 5 ? 'display_name' : 'nickname';
    users[renamed] = col(sa.String(30), { nullable: true });
  }
  if (step >= 2 && step < 6) {
    users.status = col(sa.String(20), { nullable: false, serverDefault: 'active' });
  }
  if (step >= 4) {
    new sa.Table(`${p}_teams`, metadata, {
      id: col(sa.Integer, { primaryKey: true }),
      title: col(sa.String(40), { nullable: false }),
    });
    users.team_id = col(sa.Integer, { foreignKey: `${p}_teams.id`, index: true });
  }
  if (drift) users.age = col(sa.Integer);
  new sa.Table(`${p}_users`, metadata, users);
  return metadata;
}

/** A user row as the tests insert and read it, in the columns the model has at `step`. */
export interface UserRow {
  readonly id: number;
  readonly name: string;
  readonly nickname?: string | null;
  readonly status?: string;
  readonly teamId?: number | null;
}

/** The row as `SELECT *` of the users table returns it after revision `step`. */
export function expectedUser(row: UserRow, step: number): Record<string, unknown> {
  const expected: Record<string, unknown> = { id: row.id, name: row.name };
  if (step >= 2) expected[step >= 5 ? 'display_name' : 'nickname'] = row.nickname ?? null;
  if (step >= 2 && step < 6) expected.status = row.status ?? 'active';
  if (step >= 4) expected.team_id = row.teamId ?? null;
  return expected;
}
