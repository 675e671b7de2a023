import type { StateManager } from './state-manager.js';

/** What a compliance run needs: a fresh, empty namespace per call, on a manager whose clock is `clock`. */
export type MakeManager = (opts: { clock: { now(): number } }) => Promise<{
  manager: StateManager;
  cleanup(): Promise<void>;
}>;

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
  fn: (m: StateManager, clock: ReturnType<typeof fakeClock>) => Promise<T>,
) {
  const clock = fakeClock();
  const { manager, cleanup } = await make({ clock });
  try {
    return await fn(manager, clock);
  } finally {
    await manager.close();
    await cleanup();
  }
}

/** Per-test timeout: generous, the machine may be shared. */
export const T = 60_000;
