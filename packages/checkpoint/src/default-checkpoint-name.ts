/**
 * The name of a checkpoint taken at `now` without one: `cp-<ISO time>`, unique in its manager
 * by its time. Another manager (another process) may take the same name at the same moment, so
 * it is written with `suffixIfTaken` (see `NewCheckpoint`): the backend, atomically with the
 * write, appends `-2`, `-3`, ... (`suffixedName`) until the name is free, and never replaces a
 * checkpoint.
 */
export function defaultCheckpointName(now: number): string {
  return `cp-${new Date(now).toISOString()}`;
}

/** The `attempt`-th name a `suffixIfTaken` checkpoint tries: `base` itself first, then `base-2`, `base-3`, ... */
function suffixedName(base: string, attempt: number): string {
  return attempt <= 1 ? base : `${base}-${attempt}`;
}

/** The first of `base`, `base-2`, `base-3`, ... that `taken` says is free (for backends; run it under the lock). */
export function firstFreeName(base: string, taken: (name: string) => boolean): string {
  let attempt = 1;
  while (taken(suffixedName(base, attempt))) attempt++;
  return suffixedName(base, attempt);
}

/** `firstFreeName` with an asynchronous lookup (the JSON backend's file check). */
export async function firstFreeNameAsync(
  base: string,
  taken: (name: string) => Promise<boolean>,
): Promise<string> {
  let attempt = 1;
  while (await taken(suffixedName(base, attempt))) attempt++;
  return suffixedName(base, attempt);
}
