import type { HistoryEntry } from '../types.js';

/**
 * Milliseconds an actor has spent in `state`, from its history: the sum of every stay,
 * the current one counted up to `now` (self-transitions do not end a stay). Used for a
 * run's active duration (pauses excluded), a task's execution time, a gate's test time.
 * Time in the initial state before the first transition is not counted (no entry records
 * when the actor was created).
 *
 * @param history `actor.history` (or a snapshot's).
 * @param state The state whose time is summed.
 * @param now End of the current stay when the actor is still in `state`.
 */
export function timeInState<S extends string>(
  history: readonly HistoryEntry<S, string>[],
  state: NoInfer<S>,
  now: number,
): number {
  let total = 0;
  let since: number | undefined;
  for (const h of history) {
    if (since !== undefined && h.to !== state) {
      total += h.at - since;
      since = undefined;
    } else if (since === undefined && h.to === state) {
      since = h.at;
    }
  }
  if (since !== undefined) total += Math.max(0, now - since);
  return total;
}
