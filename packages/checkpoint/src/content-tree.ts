import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { EncodedSnapshot } from './backend.js';
import { BackendError } from './errors.js';
import type { Entry, JsonValue } from './types.js';

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
 * A manifest value is a root hash, or `=` + JSON for values not longer than a hash.
 */
const NODE_MIN = 1024;
const RUN_MIN = 300;
const RUN_MAX = 4096;
const RUN_MASK = 1; // past RUN_MIN, cut after ~1 in 2 entries (tuned on 1,000 x 100 B items, 1% changing)
const COMPRESS_MIN = 128;
const INLINE_ROOT_MAX = 64;

type Blobs = Map<string, Uint8Array>;
type Part = { json: string } | { hash: string };

/** sha256 hex of bytes: the name of a blob. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function store(text: string, blobs: Blobs): string {
  let bytes: Uint8Array = Buffer.from(text, 'utf8');
  if (bytes.length > COMPRESS_MIN) {
    const packed = deflateRawSync(bytes);
    if (packed.length + 1 < bytes.length) bytes = Buffer.concat([Buffer.of(0), packed]);
  }
  const hash = hashBytes(bytes);
  blobs.set(hash, bytes);
  return hash;
}

interface Item {
  text: string; // the entry as written in a run
  cut: string; // what decides a cut after it
}

function runs(tag: string, upper: string, items: Item[], blobs: Blobs, byKey: boolean): string {
  let level = items;
  let currentTag = tag;
  for (;;) {
    const out: Item[] = [];
    let start = 0;
    let size = 0;
    for (let i = 0; i < level.length; i++) {
      size += (level[i] as Item).text.length + 1;
      const last = i === level.length - 1;
      if (last || size >= RUN_MAX || (size >= RUN_MIN && (fnv((level[i] as Item).cut) & RUN_MASK) === 0)) {
        const slice = level.slice(start, i + 1);
        const hash = store(`["${currentTag}",${slice.map((x) => x.text).join(',')}]`, blobs);
        // objects: cut upper runs by their first key (stable while values change); arrays: by hash
        out.push({ text: `"${hash}"`, cut: byKey ? (level[start] as Item).cut : hash });
        start = i + 1;
        size = 0;
      }
    }
    if (out.length === 1) return (out[0] as Item).text.slice(1, -1);
    level = out;
    currentTag = upper;
  }
}

function encodePart(value: JsonValue, blobs: Blobs): Part {
  if (value === null || typeof value !== 'object') {
    const json = JSON.stringify(value);
    return json.length <= NODE_MIN ? { json } : { hash: store(`["v",${json}]`, blobs) };
  }
  const isArray = Array.isArray(value);
  const keys = isArray ? [] : Object.keys(value);
  const children = isArray ? value : keys.map((k) => (value as Record<string, JsonValue>)[k] as JsonValue);
  const parts = children.map((c) => encodePart(c, blobs));
  const refText = (p: Part) => ('json' in p ? `[${p.json}]` : `"${p.hash}"`);
  const plain = (p: Part, i: number) =>
    isArray ? ('json' in p ? p.json : '') : `${JSON.stringify(keys[i])}:${'json' in p ? p.json : ''}`;
  if (parts.every((p) => 'json' in p)) {
    const json = isArray ? `[${parts.map(plain).join(',')}]` : `{${parts.map(plain).join(',')}}`;
    if (json.length <= NODE_MIN) return { json };
  }
  if (parts.length === 0) return { json: isArray ? '[]' : '{}' };
  const items: Item[] = parts.map((p, i) => {
    const ref = refText(p);
    return isArray
      ? { text: ref, cut: ref }
      : { text: `${JSON.stringify(keys[i])},${ref}`, cut: keys[i] as string };
  });
  return { hash: isArray ? runs('a', 'A', items, blobs, false) : runs('o', 'O', items, blobs, true) };
}

/** Encodes one value: its manifest string (root hash or `=json`) and the blobs it needs. */
export function encodeValue(value: JsonValue, blobs: Blobs = new Map()): { root: string; blobs: Blobs } {
  const part = encodePart(value, blobs);
  if ('hash' in part) return { root: part.hash, blobs };
  if (part.json.length <= INLINE_ROOT_MAX) return { root: `=${part.json}`, blobs };
  return { root: store(`["v",${part.json}]`, blobs), blobs };
}

/** The `encode` callback every backend's `snapshot` calls. */
export async function encodeEntries(entries: Map<string, Entry>): Promise<EncodedSnapshot> {
  const blobs: Blobs = new Map();
  const manifest: Record<string, string> = {};
  let inline = 0;
  for (const key of [...entries.keys()].sort()) {
    const { root } = encodeValue((entries.get(key) as Entry).value, blobs);
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
