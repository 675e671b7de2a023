import type { StateManager } from './state-manager.js';

/**
 * What a compliance run needs: a fresh, empty namespace per call, on a manager whose clock is
 * `clock`. `another`, when given, opens one more manager on the same store and namespace with
 * its own backend object (connection, lock queue: what another process would open) and the same
 * clock; the concurrency cases use it (without it they share `manager`'s backend). The suite
 * closes what `another` opened before `cleanup`.
 */
export type MakeManager = (opts: { clock: { now(): number } }) => Promise<{
  manager: StateManager;
  cleanup(): Promise<void>;
  another?(): Promise<StateManager>;
}>;

/** `n` managers on the store and namespace of the test's manager (see `MakeManager`'s `another`). */
export type Peers = (n: number) => Promise<StateManager[]>;

/** A clock the tests move by hand. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** Opens a fresh manager on a fake clock, runs `fn`, closes and cleans up. */
export async function use<T>(
  make: MakeManager,
  fn: (m: StateManager, clock: ReturnType<typeof fakeClock>, peers: Peers) => Promise<T>,
) {
  const clock = fakeClock();
  const { manager, cleanup, another } = await make({ clock });
  const opened: StateManager[] = [];
  const peers: Peers = async (n) => {
    if (!another) return Array.from({ length: n }, () => manager);
    for (let i = 0; i < n; i++) opened.push(await another());
    return opened.slice(-n);
  };
  try {
    return await fn(manager, clock, peers);
  } finally {
    for (const m of opened) await m.close();
    await manager.close();
    await cleanup();
  }
}

/** Per-test timeout: generous, the machine may be shared. */
export const T = 60_000;
