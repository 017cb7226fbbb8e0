import * as sa from '@athanor/core';

/**
 * A model with every core type and every column and table option createAll knows, for the
 * in-sync test: a database created from it must compare equal to it on every dialect.
 */
export function everyTypeMetadata(dialect: sa.Dialect): sa.MetaData {
  const metadata = new sa.MetaData();
  new sa.Table(
    'accounts',
    metadata,
    {
      id: new sa.Column(sa.Integer, { primaryKey: true }),
      handle: new sa.Column(sa.String(50), {
        nullable: false,
        unique: true,
        serverDefault: "it's \\ 'quoted'",
        comment: "The account's handle",
      }),
      unbounded: new sa.Column(sa.String()),
      small: new sa.Column(sa.SmallInteger, { serverDefault: 3 }),
      big: new sa.Column(sa.BigInteger, { serverDefault: -5 }),
      bigNumber: new sa.Column(sa.BigInteger({ mode: 'number' }), { name: 'big_number' }),
      ratio: new sa.Column(sa.Float, { serverDefault: 1.5 }),
      price: new sa.Column(sa.Numeric(10, 2), { serverDefault: '1.50', nullable: false }),
      anyNumeric: new sa.Column(sa.Numeric()),
      asNumber: new sa.Column(sa.Numeric(8, 3, { asNumber: true })),
      body: new sa.Column(sa.Text),
      active: new sa.Column(sa.Boolean, { serverDefault: true, nullable: false }),
      archived: new sa.Column(sa.Boolean, { serverDefault: false }),
      born: new sa.Column(sa.Date, { index: true }),
      createdAt: new sa.Column(sa.DateTime, {
        serverDefault: sa.text('CURRENT_TIMESTAMP'),
        name: 'created_at',
      }),
      seenAt: new sa.Column(sa.DateTime({ timezone: true }), { comment: 'last seen' }),
      wakeUp: new sa.Column(sa.Time),
      settings: new sa.Column(sa.JSON),
      avatar: new sa.Column(sa.LargeBinary),
      token: new sa.Column(sa.Uuid, { unique: true }),
      status: new sa.Column(sa.Enum(['draft', "it's live"]), { serverDefault: 'draft' }),
      tier: new sa.Column(sa.Enum(['free', 'paid'], { name: 'ck_accounts_tier_values' })),
      ...(dialect.capabilities.intervalType ? { grace: new sa.Column(sa.Interval) } : {}),
    },
    {
      comment: 'Accounts',
      constraints: [
        new sa.CheckConstraint('small > 0', { name: 'ck_small_positive' }),
        new sa.UniqueConstraint('small', 'big', { name: 'uq_accounts_small_big' }),
      ],
      indexes: [
        new sa.Index('ix_accounts_born_ratio', 'born', 'ratio'),
        new sa.Index('ix_accounts_ratio_unique', 'ratio', { unique: true }),
      ],
    },
  );
  new sa.Table('posts', metadata, {
    id: new sa.Column(sa.BigInteger, { primaryKey: true }),
    accountId: new sa.Column(sa.Integer, {
      name: 'account_id',
      nullable: false,
      foreignKey: new sa.ForeignKey('accounts.id', {
        name: 'fk_posts_account',
        onDelete: 'CASCADE',
        onUpdate: 'CASCADE',
      }),
    }),
    reviewer: new sa.Column(sa.Integer, {
      foreignKey: new sa.ForeignKey('accounts.id', { onDelete: 'SET NULL' }),
    }),
    parent: new sa.Column(sa.BigInteger, { foreignKey: 'posts.id' }),
    title: new sa.Column(sa.String(200), { nullable: false, index: true }),
  });
  new sa.Table(
    'memberships',
    metadata,
    {
      accountId: new sa.Column(sa.Integer, { name: 'account_id' }),
      groupName: new sa.Column(sa.String(40), { name: 'group_name' }),
      seq: new sa.Column(sa.Integer, { autoincrement: false, nullable: false }),
      note: new sa.Column(sa.String(20)),
    },
    {
      constraints: [
        new sa.PrimaryKeyConstraint('account_id', 'group_name', { name: 'pk_memberships' }),
        new sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], { onDelete: 'CASCADE' }),
        new sa.CheckConstraint('seq >= 0'),
      ],
    },
  );
  // Two tables that refer to each other: createAll adds one key with ALTER TABLE.
  new sa.Table('teams', metadata, {
    id: new sa.Column(sa.Integer, { primaryKey: true }),
    captainId: new sa.Column(sa.Integer, { name: 'captain_id', foreignKey: 'players.id' }),
  });
  new sa.Table('players', metadata, {
    id: new sa.Column(sa.Integer, { primaryKey: true }),
    teamId: new sa.Column(sa.Integer, { name: 'team_id', foreignKey: 'teams.id' }),
  });
  return metadata;
}

/** A small model the drift tests change one thing at a time. */
export function usersModel(
  change: {
    columns?: Record<string, sa.Column>;
    drop?: readonly string[];
    options?: sa.TableOptions;
  } = {},
): sa.MetaData {
  const metadata = new sa.MetaData();
  const columns: Record<string, sa.Column> = {
    id: new sa.Column(sa.Integer, { primaryKey: true }),
    name: new sa.Column(sa.String(50), { nullable: false }),
    age: new sa.Column(sa.Integer),
  };
  for (const name of change.drop ?? []) delete columns[name];
  new sa.Table('users', metadata, { ...columns, ...change.columns }, change.options ?? {});
  return metadata;
}
