import { isAlive } from './identity.js';
import { judge, type LockOwner, readOwnerState, toLockOwner } from './owner.js';
import { removeInstance } from './remove-instance.js';
import type { TurnEntry } from './turn-queue.js';
import type { Workspace } from './workspace.js';

export interface HolderCheck {
  /** retry: the lock may be free now; wait: a live holder; busy: another remover is at work. */
  action: 'retry' | 'wait' | 'busy';
  owner?: LockOwner;
  /** Nonce of the instance seen (undefined for a folder without owner metadata). */
  instance?: string;
}

/**
 * Looks at the current holder and removes its instance when it is dead (this
 * host, process gone) or stale (not refreshed for staleMs), through the
 * single-winner removal of remove-instance.ts.
 */
export async function checkHolder(
  ws: Workspace,
  staleMs: number,
  entry: TurnEntry | undefined,
  graceMs: number,
): Promise<HolderCheck> {
  const { layout, me } = ws;
  const state = await readOwnerState(layout);
  if (state.kind === 'free') return { action: 'retry' };
  const alive = state.kind === 'owned' ? isAlive(state.record, me) : null;
  const owner = state.kind === 'owned' ? toLockOwner(state.record, state.mtimeMs, me) : undefined;
  const instance = state.kind === 'owned' ? state.record.nonce : undefined;
  const verdict = judge(state, alive, Date.now(), staleMs);
  if (verdict !== 'dead' && verdict !== 'stale') return { action: 'wait', owner, instance };
  const result = await removeInstance(ws, {
    expect: instance ?? null,
    own: false,
    staleMs,
    exclude: '',
    candidate: entry,
    graceMs,
  });
  return { action: result === 'busy' ? 'busy' : 'retry', owner, instance };
}
