import {
  type BreakerEvent,
  type BreakerPolicyInput,
  type BreakerStore,
  CircuitBreaker,
  type Clock,
  FileStore,
} from '@steadystate/circuit-breaker';
import type { HookSettings } from './hook-settings.js';
import { statePath } from './paths.js';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Lock settings; the defaults keep a stuck lock from delaying a hook long. @default { staleMs: 10000, timeoutMs: 5000 } */
  lock?: { staleMs?: number; timeoutMs?: number };
  /** Told when a corrupt state file was moved aside. */
  onRecover?: (event: { path: string; movedTo: string; restoredFrom?: string; cause?: Error }) => void;
}

/** The breaker store of a state directory (`<dir>/state.json`). */
export function openStore(stateDir: string, opts: OpenStoreOptions = {}): FileStore {
  return new FileStore(statePath(stateDir), {
    lock: { staleMs: 10_000, timeoutMs: 5_000, ...opts.lock },
    // every guardrails process is short-lived: synchronous calls beat thread-pool round trips
    syncIo: true,
    ...(opts.onRecover ? { onRecover: opts.onRecover } : {}),
  });
}

/** A hook's breaker policy from its settings. */
export function policyFor(settings: HookSettings): BreakerPolicyInput {
  const cooldownMs = Math.max(1, Math.round(settings.cooldownSeconds * 1000));
  return {
    failureThreshold: settings.failureThreshold,
    successThreshold: settings.successThreshold,
    cooldownMs,
    maxCooldownMs: Math.max(3_600_000, cooldownMs),
    halfOpenMaxTrials: 1,
    // a trial that crashed without reporting frees its slot after the hook's timeout (plus slack)
    trialLeaseMs:
      settings.timeoutSeconds > 0 ? Math.round(settings.timeoutSeconds * 1000) + 30_000 : 10 * 60_000,
  };
}

/** The breaker of one hook on a store. */
export function breakerFor(
  store: BreakerStore,
  name: string,
  settings: HookSettings,
  opts: { clock?: Clock; onEvent?: (event: BreakerEvent) => void } = {},
): CircuitBreaker {
  return new CircuitBreaker({
    name,
    store,
    policy: policyFor(settings),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
  });
}
