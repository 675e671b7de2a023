import { Redis } from 'ioredis';

/** A namespace no other test run uses. */
export function uniqueNamespace(label: string): string {
  return `cli-test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Deletes every Redis key of `namespace` (the backend's `steadystate:<ns>:...` keys). */
export async function dropRedisNamespace(url: string, namespace: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let cursor = '0';
    let dropped = 0;
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `steadystate:${namespace}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) dropped += await client.del(...keys);
    } while (cursor !== '0');
    return dropped;
  } finally {
    client.disconnect();
  }
}
