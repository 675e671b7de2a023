/**
 * The name of a checkpoint taken at `now` without one: `cp-<ISO time>`, unique in its manager
 * by its time. Another manager may have taken it, so the names tried are looked up with
 * `taken` (one lookup as a rule, never the list of every checkpoint) and `-2`, `-3`, ... are
 * appended until one is free.
 */
export async function defaultCheckpointName(
  now: number,
  taken: (name: string) => Promise<unknown>,
): Promise<string> {
  const base = `cp-${new Date(now).toISOString()}`;
  let name = base;
  for (let i = 2; (await taken(name)) !== undefined; i++) name = `${base}-${i}`;
  return name;
}
