import { fileURLToPath } from 'node:url';
import { spawnNode } from './child.js';

const HOLDER = fileURLToPath(new URL('../fixtures/sqlite-holder.mjs', import.meta.url));

/**
 * Starts another process that takes the write lock of the SQLite database `file` in a
 * rollback-journal transaction (as on a new file no connection has switched to WAL yet) and
 * holds it for `ms`. Resolves once it holds the lock, with a promise of its exit.
 */
export async function holdSqliteWriteLock(file: string, ms: number): Promise<{ exited: Promise<void> }> {
  const child = spawnNode(HOLDER, [file, String(ms)]);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.includes('holding') && resolve());
    void exited.then(() =>
      reject(new Error('testkit: the SQLite lock holder exited before taking the lock')),
    );
  });
  return { exited };
}
