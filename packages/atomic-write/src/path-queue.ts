/**
 * In-process queue per target path: writes to one path run one after another in
 * call order, so `write(a); write(b)` without awaiting always ends with `b`
 * (write-file-atomic gives the same guarantee). Different paths run in parallel.
 */
const tails = new Map<string, Promise<unknown>>();

export function queued<T>(key: string, run: () => Promise<T>): Promise<T> {
  const previous = tails.get(key);
  const result = previous ? previous.then(run, run) : run();
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}
