import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { errno, type Layout, newNonce, tempPath } from './layout.js';

/**
 * `<lockPath>.token`: the fencing counter, plus the cross-process hand-off.
 *
 * Only a remover writes it, while it holds the sole live claim on the instance it
 * is about to remove (remove-instance.ts), and BEFORE that instance leaves the lock
 * path. An acquirer reads it AFTER its mkdir succeeded, so it always sees the token
 * of every instance that came before and takes `token + 1`.
 */
export interface TokenState {
  /** The highest token handed out so far (0 when none). */
  token: number;
  /** The poller whose turn it is (the longest waiting process), if any. */
  next?: string;
  /** ms since epoch: the others hold back until then (or until `next` took the lock). */
  until?: number;
}

export function parseTokenState(text: string): TokenState {
  try {
    const o = JSON.parse(text) as Partial<TokenState> | null;
    if (o && Number.isSafeInteger(o.token) && (o.token as number) >= 0) {
      const state: TokenState = { token: o.token as number };
      if (typeof o.next === 'string' && typeof o.until === 'number') {
        state.next = o.next;
        state.until = o.until;
      }
      return state;
    }
  } catch {
    // fall through
  }
  // Written by rename, so never torn by a process crash; only a power cut on a
  // file system without ordered renames can leave garbage here.
  return { token: 0 };
}

export async function readTokenState(layout: Layout): Promise<TokenState> {
  try {
    return parseTokenState(await readFile(layout.tokenFile, 'utf8'));
  } catch (err) {
    if (errno(err) === 'ENOENT') return { token: 0 };
    throw err;
  }
}

/** Atomic replace: temp file + rename (no fsync: see the README's limits). */
export async function writeTokenState(layout: Layout, state: TokenState): Promise<void> {
  const tmp = tempPath(layout, newNonce());
  await writeFile(tmp, JSON.stringify(state));
  try {
    await rename(tmp, layout.tokenFile);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
