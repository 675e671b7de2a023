import { readFileSync } from 'node:fs';
import { writeFixed } from './fixed-file.js';
import { errno, type Layout } from './layout.js';

/**
 * `<lockPath>.token`: the fencing counter, plus the cross-process hand-off.
 *
 * Only a remover writes it, while it holds the sole live claim on the instance it
 * is about to remove (remove-instance.ts), and BEFORE that instance leaves the lock
 * path. An acquirer reads it before it renames its instance in, and again after:
 * every earlier instance wrote its token before it left, so after a successful
 * rename the file is >= all earlier tokens, and a value >= ours means ours is not
 * new enough (the instance is given up and the attempt repeated).
 *
 * Written in place (fixed size); the token is stored twice, first and last, so a
 * read that overlaps a write is recognised and repeated.
 */
export interface TokenState {
  /** The highest token handed out so far (0 when none). */
  token: number;
  /** The poller whose turn it is (the longest waiting process), if any. */
  next?: string;
  /** ms since epoch: the others hold back until then (or until `next` took the lock). */
  until?: number;
}

interface OnDisk extends TokenState {
  check?: number;
}

/** `undefined` when the text is not a complete record (torn read, garbage). */
export function parseTokenState(text: string): TokenState | undefined {
  try {
    const o = JSON.parse(text) as Partial<OnDisk> | null;
    if (o && Number.isSafeInteger(o.token) && (o.token as number) >= 0 && o.check === o.token) {
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
  return undefined;
}

export function serializeTokenState(state: TokenState): string {
  const { token, next, until } = state;
  return JSON.stringify(next === undefined ? { token, check: token } : { token, next, until, check: token });
}

export async function readTokenState(layout: Layout): Promise<TokenState> {
  for (let i = 0; ; i++) {
    let text: string;
    try {
      text = readFileSync(layout.tokenFile, 'utf8');
    } catch (err) {
      if (errno(err) === 'ENOENT') return { token: 0 };
      throw err;
    }
    const state = parseTokenState(text);
    if (state) return state;
    // Torn by a concurrent write: read again. A record that never reads whole
    // (a power cut on a file system without data journaling, or a file written by
    // an older version) is salvaged, never taken as 0: tokens must not go back.
    if (i >= 20) return { token: salvageToken(text) };
    await new Promise((r) => setImmediate(r));
  }
}

/** The largest `token` or `check` value in a damaged record (0 when none): tokens only grow. */
export function salvageToken(text: string): number {
  let max = 0;
  for (const match of text.matchAll(/"(?:token|check)"\s*:\s*(\d+)/g)) {
    const n = Number(match[1]);
    if (Number.isSafeInteger(n) && n > max) max = n;
  }
  return max;
}

export async function writeTokenState(layout: Layout, state: TokenState): Promise<void> {
  writeFixed(layout.tokenFile, serializeTokenState(state));
}
