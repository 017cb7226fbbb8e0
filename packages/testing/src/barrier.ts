/**
 * A meeting point for `parties` concurrent tasks: each calls the returned function and waits
 * until all have called it. Tests use it to make two transactions hold their locks, or take
 * their snapshots, at the same time, without sleeping.
 */
export function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    if (++arrived === parties) release();
    return all;
  };
}
