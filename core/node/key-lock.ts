/**
 * A per-key queue: callers with the same id run one after another, in call order. Module-wide, so
 * two stores over the same directory in one process still serialise their writes to a file.
 */
const tails = new Map<string, Promise<void>>();

/** Runs `task` once every earlier task with the same `id` has settled. */
export async function withKeyLock<T>(id: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(id) ?? Promise.resolve();
  let release = () => {};
  const current = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => current);
  tails.set(id, tail);
  await previous;
  try {
    return await task();
  } finally {
    release();
    if (tails.get(id) === tail) tails.delete(id);
  }
}
