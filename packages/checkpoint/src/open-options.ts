import type { Backend } from './backend.js';
import { BackendError, InvalidValueError, shown } from './errors.js';
import { JsonBackend } from './json-backend.js';
import { MemoryBackend } from './memory-backend.js';
import { assertName } from './names.js';
import { type ResolvedPolicy, resolvePolicy } from './retention.js';
import type { Clock, RetentionPolicy } from './types.js';

/** Where `StateManager.open` keeps the namespace. */
export type BackendOptions =
  | { backend: 'memory'; namespace: string }
  | {
      backend: 'json';
      namespace: string;
      /** Folder holding one sub-folder per namespace. @default '.steadystate' */
      dir?: string;
    }
  | { backend: 'sqlite'; namespace: string; file: string }
  | {
      backend: 'redis';
      namespace: string;
      /** @default 'redis://127.0.0.1:6379' */
      url?: string;
      /** An ioredis client to use instead of `url` (not closed by `close()`). @default undefined */
      client?: unknown;
    }
  | {
      /** A backend object (e.g. `new SqliteBackend(...)`); `close()` does not close it. */
      backend: Backend;
      namespace: string;
    };

/** Options of `StateManager.open`. */
export type OpenOptions = BackendOptions & {
  /** Prune with this policy after each checkpoint. @default undefined (never prune automatically) */
  retention?: RetentionPolicy;
  /**
   * Told when the prune that `retention` runs after a checkpoint fails (a `BackendError`). The
   * checkpoint (and the save it came with) is committed by then, so the call still resolves; the
   * next checkpoint prunes again.
   * @default a process warning (`process.emitWarning`), printed on stderr
   */
  onPruneError?: (error: unknown) => void;
  /** Time source for revisions' `updatedAt`, checkpoints, heartbeats and retention. @default Date */
  clock?: Clock;
};

/** The one internal shape of OpenOptions. */
export interface ResolvedOpen {
  backend: Backend;
  /** True when the manager created the backend and so closes it. */
  owned: boolean;
  namespace: string;
  retention: ResolvedPolicy | undefined;
  onPruneError: (error: unknown) => void;
  clock: Clock;
}

/** What a failed automatic prune does by default: a warning, not a rejection of the committed call. */
function warnPruneError(error: unknown): void {
  process.emitWarning(error instanceof Error ? error : new Error(String(error)));
}

export async function resolveOpen(opts: OpenOptions): Promise<ResolvedOpen> {
  assertName('namespace', opts?.namespace);
  const clock = opts.clock ?? Date;
  const retention = opts.retention === undefined ? undefined : resolvePolicy(opts.retention);
  const onPruneError = opts.onPruneError ?? warnPruneError;
  if (typeof onPruneError !== 'function')
    throw new InvalidValueError('onPruneError', `${shown(onPruneError)} (expected a function)`);
  const common = { namespace: opts.namespace, retention, onPruneError, clock };
  const b = opts.backend;
  if (typeof b === 'object' && b !== null) return { ...common, backend: b, owned: false };
  try {
    switch (b) {
      case 'memory':
        return { ...common, backend: new MemoryBackend(), owned: true };
      case 'json':
        return { ...common, backend: new JsonBackend({ dir: (opts as { dir?: string }).dir }), owned: true };
      case 'sqlite': {
        const { SqliteBackend } = await import('./sqlite.js');
        return {
          ...common,
          backend: new SqliteBackend({ file: (opts as { file: string }).file }),
          owned: true,
        };
      }
      case 'redis': {
        const { RedisBackend } = await import('./redis.js');
        const o = opts as { url?: string; client?: unknown };
        // biome-ignore lint/suspicious/noExplicitAny: the client is an ioredis instance the caller built
        return { ...common, backend: new RedisBackend({ url: o.url, client: o.client as any }), owned: true };
      }
    }
  } catch (cause) {
    if (cause instanceof BackendError) throw cause;
    throw new BackendError(String(b), 'open', { cause });
  }
  throw new BackendError(String(b), 'open', {
    cause: new TypeError(
      `unknown backend ${JSON.stringify(b)}; expected memory, json, sqlite, redis or a Backend object`,
    ),
  });
}
