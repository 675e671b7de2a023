import type { Redis } from 'ioredis';
import { RedisBackend } from '../src/redis-backend.js';
import { StateManager } from '../src/state-manager.js';

/** A store that child processes open too: passed to them as JSON (see fixtures/open-target.mjs). */
export type StoreSpec =
  | { backend: 'json'; dir: string }
  | { backend: 'sqlite'; file: string }
  | { backend: 'redis'; url: string; prefix: string };

/** What fixtures/open-target.mjs does, in the test process: a manager on `spec`, and how to close it. */
export async function openStore(
  spec: StoreSpec,
  namespace: string,
): Promise<{ manager: StateManager; close(): Promise<void> }> {
  if (spec.backend === 'redis') {
    const backend = new RedisBackend({ url: spec.url, prefix: spec.prefix });
    const manager = await StateManager.open({ backend, namespace });
    return {
      manager,
      close: async () => {
        await manager.close();
        await backend.close();
      },
    };
  }
  const manager = await StateManager.open({ ...spec, namespace });
  return { manager, close: () => manager.close() };
}

/** Deletes every Redis key under `prefix:`. */
export async function dropPrefix(admin: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await admin.del(...found);
  } while (cursor !== '0');
}
