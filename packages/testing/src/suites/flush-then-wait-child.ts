/**
 * The source of the child process the fault suite kills between flush and commit. It runs as a
 * plain ES module, so it takes the built packages by URL: argv holds the file URLs of
 * `@athanor/core` and `@athanor/orm` and the table name; the database URL comes in the
 * environment (ATHANOR_FAULT_URL), never on a command line where `ps` would show its password.
 * It updates rows 1 to 3, adds rows 101 to 103, flushes, prints `flushed`, and waits forever
 * with its transaction open, holding the row locks.
 */
export const flushThenWaitChildSource = `
const [coreUrl, ormUrl, table] = process.argv.slice(2);
const { Column, createEngine, Integer, String } = await import(coreUrl);
const { declarativeBase, Session } = await import(ormUrl);
const Base = declarativeBase();
class Item extends Base.model(table, {
  id: new Column(Integer, { primaryKey: true, autoincrement: false }),
  label: new Column(String(40)),
}) {}
const engine = createEngine(process.env.ATHANOR_FAULT_URL);
const session = new Session(engine);
for (const item of await session.query(Item).all()) item.label = 'child';
for (const id of [101, 102, 103]) session.add(new Item({ id, label: 'child' }));
await session.flush();
process.stdout.write('flushed\\n');
setInterval(() => {}, 60_000);
`;
