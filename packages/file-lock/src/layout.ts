import { basename, dirname, join, resolve } from 'node:path';

/** The longest file name most file systems accept (NAME_MAX), in bytes. */
export const NAME_MAX = 255;
/** The longest suffix the lock appends to its own name: `.tomb-<16 hex>`. */
const MAX_SUFFIX_BYTES = '.tomb-'.length + 16;
/** What a shortened name ends with: `~` and 16 hex digits of a hash of the whole name. */
const HASH_BYTES = 17;

/**
 * Every path the lock uses. Only `lockPath` and the two siblings below are
 * persistent; tombs and temp files are short-lived and unique per process.
 *
 * ```
 * <lockPath>/                 the lock instance (a folder; exists while held)
 *   owner.json                owner metadata; its mtime is the refresh time
 *   claim.<nonce>             a remover's claim (see remove-instance.ts)
 * <lockPath>.token            last token handed out + whose turn is next
 * <lockPath>.queue/<ts>.<n>   one entry per waiting process (cross-process FIFO)
 * <lockPath>.tomb-<nonce>     a reaped instance being deleted
 * <lockPath>.p-<poller>/      this process's next instance, prepared (owner.json inside);
 *                             renamed to <lockPath> to take the lock, renamed back to release
 * <lockPath>.c-<poller>       this process's claim file, renamed into an instance to remove it
 * ```
 * Steady state creates and deletes no file: every step is an in-place write or
 * a rename (see fixed-file.ts for why).
 *
 * Every name stays within NAME_MAX bytes, for target names up to NAME_MAX bytes: when
 * `<name>.lock` or `<lock name><suffix>` would be longer, the name in front of the
 * suffix is shortened (`shortenName`: a prefix and a hash of the whole name).
 */
export interface Layout {
  /** The locked path, absolute (need not exist). */
  path: string;
  lockPath: string;
  dir: string;
  base: string;
  ownerFile: string;
  tokenFile: string;
  queueDir: string;
}

export function layoutFor(path: string, lockPath?: string): Layout {
  const abs = resolve(path);
  // a shortened default lock name leaves room for every suffix behind it
  const lp = resolve(
    lockPath ?? join(dirname(abs), withSuffix(basename(abs), '.lock', '.lock'.length + MAX_SUFFIX_BYTES)),
  );
  const layout = {
    path: abs,
    lockPath: lp,
    dir: dirname(lp),
    base: basename(lp),
    ownerFile: join(lp, 'owner.json'),
  };
  return { ...layout, tokenFile: beside(layout, '.token'), queueDir: beside(layout, '.queue') };
}

/**
 * `name + suffix` when that fits in NAME_MAX bytes; otherwise `name` shortened to
 * `NAME_MAX - room` bytes, then `suffix` (`room` >= the suffix's length).
 */
function withSuffix(name: string, suffix: string, room: number): string {
  if (Buffer.byteLength(name) + Buffer.byteLength(suffix) <= NAME_MAX) return name + suffix;
  return shortenName(name, NAME_MAX - room) + suffix;
}

/** The path of a file beside the lock: `<lockPath><suffix>`, the lock's name shortened when needed. */
function beside(layout: Pick<Layout, 'dir' | 'base'>, suffix: string): string {
  return join(layout.dir, withSuffix(layout.base, suffix, MAX_SUFFIX_BYTES));
}

/**
 * `name` itself when it has at most `maxBytes` bytes (UTF-8), else its longest prefix
 * of whole characters that leaves room for `~` and 16 hex digits of a hash of the whole
 * name: names sharing a long prefix still get different short names.
 */
export function shortenName(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    bytes += Buffer.byteLength(ch);
    if (bytes > maxBytes - HASH_BYTES) break;
    out += ch;
  }
  return `${out}~${fnv1a64(name)}`;
}

/** FNV-1a, 64 bits, of the UTF-8 bytes, as 16 hex digits (no node:crypto: its loading costs ~2 ms). */
function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * 16 hex characters: unique enough to name one lock instance, claim or temp file.
 * Drawn from Math.random (seeded per isolate from the OS entropy source) rather than
 * node:crypto, whose loading alone costs a short-lived process about 2 ms.
 */
export function newNonce(): string {
  return hex8() + hex8();
}

function hex8(): string {
  return Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
}

export const CLAIM_PREFIX = 'claim.';

export function tombPath(layout: Layout, nonce: string): string {
  return beside(layout, `.tomb-${nonce}`);
}

/** The leftovers a crash can leave beside the lock (a tomb not fully deleted, a temp token file). */
export function preparedDir(layout: Layout, poller: string): string {
  return beside(layout, `.p-${poller}`);
}

/** Where the claim `claim.<poller>` lives while it is not in use. */
export function claimHome(layout: Layout, poller: string): string {
  return beside(layout, `.c-${poller}`);
}

export function claimName(poller: string): string {
  return `${CLAIM_PREFIX}${poller}`;
}

export function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Runs a best-effort clean-up step whose failure changes nothing (the entry is gone already, ...). */
export function quietly(step: () => unknown): void {
  try {
    step();
  } catch {
    // best effort
  }
}
