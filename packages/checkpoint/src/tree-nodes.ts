import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BackendError } from './errors.js';
import type { NodeCache } from './node-cache.js';

/*
 * A Merkle tree of JSON nodes. A value whose JSON is at most NODE_MIN bytes is
 * written inline in its parent; a larger one becomes its own node, stored as a
 * blob named by the sha256 (hex) of its bytes. Node forms (JSON arrays):
 *   ["v", value]               a whole value (big strings, or small roots)
 *   ["o", k1, r1, k2, r2, ...] a run of an object's entries
 *   ["a", r1, r2, ...]         a run of an array's items
 *   ["O", h1, h2, ...]         an object made of the runs h1, h2, ... in order
 *   ["A", h1, h2, ...]         an array made of the runs h1, h2, ...
 * where a ref r is `[inline value]` or `"hash"`. Runs are cut where a rolling
 * hash of the entry's key (objects) or bytes (arrays) says so, so a change
 * rewrites only the runs on its path and insertions do not shift every run.
 * Node bytes over COMPRESS_MIN are deflated (first byte 0) when that is smaller.
 * "O" and "A" nodes (nothing but hashes, which do not compress) are stored in binary:
 * byte 1, the tag's character code, then each child's 32-byte sha256.
 * A manifest value is a root hash, or `=` + JSON for values not longer than a hash.
 *
 * Encoding is pure, so a NodeCache (node text -> hash and bytes) lets a manager skip
 * compressing and hashing the nodes a previous checkpoint already encoded.
 */
export const NODE_MIN = 1024;
// Run sizes, tuned on 1,000 x 100 B items with 1% changing per checkpoint (the benchmark's
// state): past the minimum, a run is cut after ~1 in 4 items. Fewer, larger runs would rewrite
// more per change; more, smaller ones would store more hashes and more rows.
const RUN_MIN = 500; // leaf runs ("o", "a"): bytes of entries
const UPPER_RUN_MIN = 300; // "O", "A" runs, counted as 67 bytes a child
const RUN_MAX = 4096;
const RUN_MASK = 3;
const COMPRESS_MIN = 128;
export const INLINE_ROOT_MAX = 64;

export type Blobs = Map<string, Uint8Array>;
export type Part = { json: string } | { hash: string };
/** One encoding pass: where its blobs go, and the cache it may use. */
export interface Ctx {
  blobs: Blobs;
  cache: NodeCache | undefined;
  /** When set, every blob the pass uses is also appended here, in order (see encode-text.ts). */
  trail?: Array<[string, Uint8Array]>;
}

/** Puts a blob the value needs into the pass's output. */
export function use(ctx: Ctx, hash: string, bytes: Uint8Array): void {
  ctx.blobs.set(hash, bytes);
  ctx.trail?.push([hash, bytes]);
}

/** sha256 hex of bytes: the name of a blob. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** FNV-1a over up to 64 characters spread evenly over `s` (and its length): decides run cuts. */
function fnv(s: string): number {
  let h = (0x811c9dc5 ^ s.length) >>> 0;
  const step = s.length <= 64 ? 1 : Math.ceil(s.length / 64);
  for (let i = 0; i < s.length; i += step) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function store(text: string, ctx: Ctx): string {
  const hit = ctx.cache?.get(text);
  if (hit) {
    use(ctx, hit.hash, hit.bytes);
    return hit.hash;
  }
  let bytes: Uint8Array = Buffer.from(text, 'utf8');
  if (bytes.length > COMPRESS_MIN) {
    const packed = deflateRawSync(bytes);
    if (packed.length + 1 < bytes.length) bytes = Buffer.concat([Buffer.of(0), packed]);
  }
  return keep(text, bytes, ctx);
}

/** An "O"/"A" node: its children's hashes in binary (see the format above). */
export function storeUpper(tag: 'O' | 'A', hashes: string[], ctx: Ctx): string {
  const text = tag + hashes.join('');
  const hit = ctx.cache?.get(text);
  if (hit) {
    use(ctx, hit.hash, hit.bytes);
    return hit.hash;
  }
  const bytes = Buffer.allocUnsafe(2 + 32 * hashes.length);
  bytes[0] = 1;
  bytes[1] = tag.charCodeAt(0);
  for (let i = 0; i < hashes.length; i++) bytes.write(hashes[i] as string, 2 + 32 * i, 'hex');
  return keep(text, bytes, ctx);
}

function keep(text: string, bytes: Uint8Array, ctx: Ctx): string {
  const hash = hashBytes(bytes);
  use(ctx, hash, bytes);
  ctx.cache?.set(text, { hash, bytes });
  return hash;
}

export interface Item {
  text: string; // the entry as written in a run
  cut: string; // what decides a cut after it
}

/** Whether a leaf run ("o", "a") of `size` bytes so far ends after `item` (`last`: the container's last item). */
export function cutsAfter(size: number, item: Item, last: boolean): boolean {
  return last || size >= RUN_MAX || (size >= RUN_MIN && (fnv(item.cut) & RUN_MASK) === 0);
}

/** A leaf run's node: its tag and items as written. */
export function leafNode(isArray: boolean, items: Item[], from: number, to: number): string {
  let text = isArray ? '["a"' : '["o"';
  for (let j = from; j < to; j++) text += `,${(items[j] as Item).text}`;
  return `${text}]`;
}

/** A leaf run as an item of the level above: by hash; objects cut upper runs by the run's first key. */
export function runItem(isArray: boolean, hash: string, first: Item): Item {
  return { text: `"${hash}"`, cut: isArray ? hash : first.cut };
}

export function runs(isArray: boolean, items: Item[], ctx: Ctx): string {
  const out: Item[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    size += item.text.length + 1;
    if (cutsAfter(size, item, i === items.length - 1)) {
      const hash = store(leafNode(isArray, items, start, i + 1), ctx);
      out.push(runItem(isArray, hash, items[start] as Item));
      start = i + 1;
      size = 0;
    }
  }
  return upperRuns(isArray, out, ctx);
}

/** The container's hash from its leaf runs (as items): "O"/"A" levels until one node is left. */
export function upperRuns(isArray: boolean, leaves: Item[], ctx: Ctx): string {
  const upper = isArray ? 'A' : 'O';
  let level = leaves;
  while (level.length > 1) {
    const out: Item[] = [];
    let start = 0;
    let size = 0;
    for (let i = 0; i < level.length; i++) {
      const item = level[i] as Item;
      size += item.text.length + 1;
      if (
        i === level.length - 1 ||
        size >= RUN_MAX ||
        (size >= UPPER_RUN_MIN && (fnv(item.cut) & RUN_MASK) === 0)
      ) {
        const hashes: string[] = [];
        for (let j = start; j <= i; j++) hashes.push(unquote(level[j] as Item));
        const hash = storeUpper(upper, hashes, ctx);
        // objects: cut upper runs by their first key (stable while values change); arrays: by hash
        out.push({ text: `"${hash}"`, cut: isArray ? hash : (level[start] as Item).cut });
        start = i + 1;
        size = 0;
      }
    }
    level = out;
  }
  return unquote(level[0] as Item);
}

/** A child as an item of its container's runs: inline (`[json]`) or by hash; an object's entry is prefixed with its key's JSON and cut by the key. */
export function itemOf(part: Part, key?: { json: string; name: string }): Item {
  const ref = 'json' in part ? `[${part.json}]` : `"${part.hash}"`;
  return key ? { text: `${key.json},${ref}`, cut: key.name } : { text: ref, cut: ref };
}

export const unquote = (item: Item): string => item.text.slice(1, -1);

/** A value's manifest string: its root hash, `=` + JSON when short, else a "v" node. */
export function rootOf(part: Part, ctx: Ctx): string {
  if ('hash' in part) return part.hash;
  if (part.json.length <= INLINE_ROOT_MAX) return `=${part.json}`;
  return store(`["v",${part.json}]`, ctx);
}

/** Reads one node's bytes back to its JSON array. */
export function parseNode(hash: string, bytes: Uint8Array): unknown[] {
  try {
    if (bytes[0] === 1) return parseUpper(bytes);
    const text =
      bytes[0] === 0
        ? inflateRawSync(bytes.subarray(1)).toString('utf8')
        : Buffer.from(bytes).toString('utf8');
    const node = JSON.parse(text);
    if (!Array.isArray(node) || typeof node[0] !== 'string') throw new Error('not a node');
    return node;
  } catch (cause) {
    throw new BackendError('content-tree', `decode blob ${hash}`, { cause });
  }
}

function parseUpper(bytes: Uint8Array): unknown[] {
  const tag = String.fromCharCode(bytes[1] as number);
  if ((tag !== 'O' && tag !== 'A') || (bytes.length - 2) % 32 !== 0 || bytes.length < 34)
    throw new Error('not a node');
  const node: unknown[] = [tag];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 2; at < buf.length; at += 32) node.push(buf.toString('hex', at, at + 32));
  return node;
}

/** The hashes a node refers to. */
export function childHashes(node: unknown[]): string[] {
  const tag = node[0];
  if (tag === 'O' || tag === 'A') return node.slice(1) as string[];
  const start = 1;
  const step = tag === 'o' ? 2 : 1;
  const out: string[] = [];
  if (tag === 'o' || tag === 'a') {
    for (let i = start + (tag === 'o' ? 1 : 0); i < node.length; i += step) {
      if (typeof node[i] === 'string') out.push(node[i] as string);
    }
  }
  return out;
}
