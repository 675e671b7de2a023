import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { EncodedSnapshot, SnapshotEntry } from './backend.js';
import type { EncodedKeys } from './encoded-keys.js';
import { BackendError } from './errors.js';
import type { NodeCache } from './node-cache.js';
import type { JsonValue } from './types.js';

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
const NODE_MIN = 1024;
// Run sizes, tuned on 1,000 x 100 B items with 1% changing per checkpoint (the benchmark's
// state): past the minimum, a run is cut after ~1 in 4 items. Fewer, larger runs would rewrite
// more per change; more, smaller ones would store more hashes and more rows.
const RUN_MIN = 500; // leaf runs ("o", "a"): bytes of entries
const UPPER_RUN_MIN = 300; // "O", "A" runs, counted as 67 bytes a child
const RUN_MAX = 4096;
const RUN_MASK = 3;
const COMPRESS_MIN = 128;
const INLINE_ROOT_MAX = 64;

type Blobs = Map<string, Uint8Array>;
type Part = { json: string } | { hash: string };
/** One encoding pass: where its blobs go, and the cache it may use. */
interface Ctx {
  blobs: Blobs;
  cache: NodeCache | undefined;
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

function store(text: string, ctx: Ctx): string {
  const hit = ctx.cache?.get(text);
  if (hit) {
    ctx.blobs.set(hit.hash, hit.bytes);
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
function storeUpper(tag: 'O' | 'A', hashes: string[], ctx: Ctx): string {
  const text = tag + hashes.join('');
  const hit = ctx.cache?.get(text);
  if (hit) {
    ctx.blobs.set(hit.hash, hit.bytes);
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
  ctx.blobs.set(hash, bytes);
  ctx.cache?.set(text, { hash, bytes });
  return hash;
}

interface Item {
  text: string; // the entry as written in a run
  cut: string; // what decides a cut after it
}

function runs(tag: string, upper: 'O' | 'A', items: Item[], ctx: Ctx, byKey: boolean): string {
  let level = items;
  let currentTag = tag;
  for (;;) {
    const isUpper = currentTag === upper;
    const min = isUpper ? UPPER_RUN_MIN : RUN_MIN;
    const out: Item[] = [];
    let start = 0;
    let size = 0;
    for (let i = 0; i < level.length; i++) {
      const item = level[i] as Item;
      size += item.text.length + 1;
      if (i === level.length - 1 || size >= RUN_MAX || (size >= min && (fnv(item.cut) & RUN_MASK) === 0)) {
        let hash: string;
        if (isUpper) {
          const hashes: string[] = [];
          for (let j = start; j <= i; j++) hashes.push(unquote(level[j] as Item));
          hash = storeUpper(upper, hashes, ctx);
        } else {
          let text = `["${currentTag}"`;
          for (let j = start; j <= i; j++) text += `,${(level[j] as Item).text}`;
          hash = store(`${text}]`, ctx);
        }
        // objects: cut upper runs by their first key (stable while values change); arrays: by hash
        out.push({ text: `"${hash}"`, cut: byKey ? (level[start] as Item).cut : hash });
        start = i + 1;
        size = 0;
      }
    }
    if (out.length === 1) return unquote(out[0] as Item);
    level = out;
    currentTag = upper;
  }
}

const unquote = (item: Item): string => item.text.slice(1, -1);

function encodePart(value: JsonValue, ctx: Ctx): Part {
  if (value === null || typeof value !== 'object') {
    const json = JSON.stringify(value);
    return json.length <= NODE_MIN ? { json } : { hash: store(`["v",${json}]`, ctx) };
  }
  const isArray = Array.isArray(value);
  const keys = isArray ? [] : Object.keys(value);
  const count = isArray ? value.length : keys.length;
  if (count === 0) return { json: isArray ? '[]' : '{}' };
  // every item takes at least 2 characters ("0,") and every entry 6 ('"k":0,'): past that
  // the container is big without looking; below it, one native stringify decides
  if (count * (isArray ? 2 : 6) <= NODE_MIN) {
    const json = JSON.stringify(value);
    if (json.length <= NODE_MIN) return { json };
  }
  const items: Item[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const child = isArray ? value[i] : (value as Record<string, JsonValue>)[keys[i] as string];
    const p = encodePart(child as JsonValue, ctx);
    const ref = 'json' in p ? `[${p.json}]` : `"${p.hash}"`;
    items[i] = isArray
      ? { text: ref, cut: ref }
      : { text: `${JSON.stringify(keys[i])},${ref}`, cut: keys[i] as string };
  }
  return { hash: isArray ? runs('a', 'A', items, ctx, false) : runs('o', 'O', items, ctx, true) };
}

/**
 * Encodes one value: its manifest string (root hash or `=json`) and the blobs it needs.
 * With a `cache`, nodes encoded before are not compressed and hashed again.
 */
export function encodeValue(
  value: JsonValue,
  blobs: Blobs = new Map(),
  cache?: NodeCache,
): { root: string; blobs: Blobs } {
  const ctx: Ctx = { blobs, cache };
  const part = encodePart(value, ctx);
  if ('hash' in part) return { root: part.hash, blobs };
  if (part.json.length <= INLINE_ROOT_MAX) return { root: `=${part.json}`, blobs };
  return { root: store(`["v",${part.json}]`, ctx), blobs };
}

/**
 * The `encode` callback every backend's `snapshot` calls (a manager passes its caches). An
 * entry that carries its JSON `text`, unchanged since `keys` saw it, is neither parsed nor
 * encoded again.
 */
export async function encodeEntries(
  entries: Map<string, SnapshotEntry>,
  cache?: NodeCache,
  keys?: EncodedKeys,
): Promise<EncodedSnapshot> {
  const blobs: Blobs = new Map();
  const manifest: Record<string, string> = {};
  let inline = 0;
  for (const key of [...entries.keys()].sort()) {
    const entry = entries.get(key) as SnapshotEntry;
    const text = keys ? entry.text : undefined;
    let root: string;
    const known = text === undefined ? undefined : keys?.get(key, text);
    if (known) {
      root = known.root;
      for (const [h, b] of known.blobs) blobs.set(h, b);
    } else if (text !== undefined) {
      const own: Blobs = new Map();
      root = encodeValue(entry.value, own, cache).root;
      for (const [h, b] of own) blobs.set(h, b);
      keys?.set(key, { text, root, blobs: [...own] });
    } else {
      root = encodeValue(entry.value, blobs, cache).root;
    }
    Object.defineProperty(manifest, key, {
      value: root,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (root.startsWith('=')) inline += root.length;
  }
  let bytes = inline;
  for (const b of blobs.values()) bytes += b.length;
  return { manifest, blobs: [...blobs], bytes };
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
function childHashes(node: unknown[]): string[] {
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

/**
 * Adds to `keep` every node reachable from `roots` that it does not hold yet, reading
 * blobs synchronously (a missing blob is skipped: there is nothing to keep). What `keep`
 * already holds is taken as closed (its subtree kept), as `loadNodes` results are.
 * Backends call it inside the transaction that collects garbage, with the roots of
 * every manifest that exists then, so a checkpoint taken after the caller computed
 * its live set keeps its blobs.
 */
export function keepReachable(
  roots: Iterable<string>,
  getBlob: (hash: string) => Uint8Array | undefined,
  keep: Set<string>,
): void {
  const stack = [...roots].filter((r) => !r.startsWith('=') && !keep.has(r));
  while (stack.length > 0) {
    const hash = stack.pop() as string;
    if (keep.has(hash)) continue;
    const bytes = getBlob(hash);
    if (!bytes) continue;
    keep.add(hash);
    for (const c of childHashes(parseNode(hash, bytes))) if (!keep.has(c)) stack.push(c);
  }
}

/** `keepReachable` for a store read asynchronously: a level of the trees at a time, in batches. */
export async function keepReachableBatched(
  roots: Iterable<string>,
  getBlobs: (hashes: string[]) => Promise<Map<string, Uint8Array>>,
  keep: Set<string>,
): Promise<void> {
  let wanted = [...new Set([...roots].filter((r) => !r.startsWith('=') && !keep.has(r)))];
  while (wanted.length > 0) {
    const next = new Set<string>();
    for (let i = 0; i < wanted.length; i += 1000) {
      const got = await getBlobs(wanted.slice(i, i + 1000));
      for (const [hash, bytes] of got) {
        keep.add(hash);
        for (const c of childHashes(parseNode(hash, bytes))) if (!keep.has(c)) next.add(c);
      }
    }
    wanted = [...next];
  }
}

/** Fetches every node reachable from `roots`, a level at a time (batched), verifying each hash. */
export async function loadNodes(
  roots: Iterable<string>,
  getBlobs: (hashes: string[]) => Promise<Map<string, Uint8Array>>,
  known: Map<string, unknown[]> = new Map(),
): Promise<Map<string, unknown[]>> {
  let wanted = [...new Set([...roots].filter((r) => !r.startsWith('=') && !known.has(r)))];
  while (wanted.length > 0) {
    const next = new Set<string>();
    for (let i = 0; i < wanted.length; i += 1000) {
      const batch = wanted.slice(i, i + 1000);
      const got = await getBlobs(batch);
      for (const h of batch) {
        const bytes = got.get(h);
        if (!bytes)
          throw new BackendError('content-tree', `find blob ${h}`, { cause: new Error('blob missing') });
        if (hashBytes(bytes) !== h) {
          throw new BackendError('content-tree', `verify blob ${h}`, {
            cause: new Error('content hash mismatch'),
          });
        }
        const node = parseNode(h, bytes);
        known.set(h, node);
        for (const c of childHashes(node)) if (!known.has(c)) next.add(c);
      }
    }
    wanted = [...next];
  }
  return known;
}

function setProp(obj: Record<string, JsonValue>, k: string, v: JsonValue): void {
  if (k === '__proto__')
    Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

function build(hash: string, nodes: Map<string, unknown[]>): JsonValue {
  const node = nodes.get(hash) as unknown[];
  const ref = (r: unknown): JsonValue =>
    typeof r === 'string' ? build(r, nodes) : ((r as JsonValue[])[0] as JsonValue);
  switch (node[0]) {
    case 'v':
      return node[1] as JsonValue;
    case 'a':
      return node.slice(1).map(ref);
    case 'A':
      return node.slice(1).flatMap((h) => build(h as string, nodes) as JsonValue[]);
    case 'o': {
      const obj: Record<string, JsonValue> = {};
      for (let i = 1; i < node.length; i += 2) setProp(obj, node[i] as string, ref(node[i + 1]));
      return obj;
    }
    case 'O': {
      const obj: Record<string, JsonValue> = {};
      for (const h of node.slice(1)) {
        const part = build(h as string, nodes) as Record<string, JsonValue>;
        for (const k of Object.keys(part)) setProp(obj, k, part[k] as JsonValue);
      }
      return obj;
    }
    default:
      throw new BackendError('content-tree', `decode blob ${hash}`, {
        cause: new Error(`unknown node tag ${String(node[0])}`),
      });
  }
}

/** Decodes a manifest value (root hash or `=json`) with nodes from `loadNodes`. */
export function decodeRoot(root: string, nodes: Map<string, unknown[]>): JsonValue {
  return root.startsWith('=') ? (JSON.parse(root.slice(1)) as JsonValue) : build(root, nodes);
}

/** Decodes a whole manifest: key -> value. */
export async function decodeManifest(
  manifest: Record<string, string>,
  getBlobs: (hashes: string[]) => Promise<Map<string, Uint8Array>>,
): Promise<Map<string, JsonValue>> {
  const nodes = await loadNodes(Object.values(manifest), getBlobs);
  const out = new Map<string, JsonValue>();
  for (const key of Object.keys(manifest)) out.set(key, decodeRoot(manifest[key] as string, nodes));
  return out;
}
