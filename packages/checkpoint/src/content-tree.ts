import type { EncodedSnapshot, SnapshotEntry } from './backend.js';
import { encodeText, type RunIndex } from './encode-text.js';
import type { EncodedKeys } from './encoded-keys.js';
import { BackendError } from './errors.js';
import type { NodeCache } from './node-cache.js';
import {
  type Blobs,
  type Ctx,
  childHashes,
  hashBytes,
  type Item,
  itemOf,
  NODE_MIN,
  type Part,
  parseNode,
  rootOf,
  runs,
  store,
} from './tree-nodes.js';
import type { JsonValue } from './types.js';

export { hashBytes, parseNode } from './tree-nodes.js';

/* Encoding values to the content tree (format in tree-nodes.ts), and decoding it back. */

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
    const name = keys[i] as string;
    items[i] = itemOf(
      encodePart(child as JsonValue, ctx),
      isArray ? undefined : { json: JSON.stringify(name), name },
    );
  }
  return { hash: runs(isArray, items, ctx) };
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
  return { root: rootOf(encodePart(value, ctx), ctx), blobs };
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
    const encoded = encodeEntry(key, entries.get(key) as SnapshotEntry, cache, keys);
    for (const [h, b] of encoded.blobs) blobs.set(h, b);
    setProp(manifest, key, encoded.root);
    if (encoded.root.startsWith('=')) inline += encoded.root.length;
  }
  let bytes = inline;
  for (const b of blobs.values()) bytes += b.length;
  return { manifest, blobs: [...blobs], bytes };
}

/**
 * One entry's root and blobs: as `keys` last saw them when its text is unchanged, else
 * encoded from its text (no parse) or, for a backend without text or text that is not
 * compact JSON, from its value.
 */
function encodeEntry(
  key: string,
  entry: SnapshotEntry,
  cache: NodeCache | undefined,
  keys: EncodedKeys | undefined,
): { root: string; blobs: Array<[string, Uint8Array]> } {
  const { text } = entry;
  const known = text === undefined ? undefined : keys?.get(key, text);
  if (known) return known;
  const own: Blobs = new Map();
  // the key's last runs: those found again unchanged in the new text are not re-encoded
  const last = text === undefined ? undefined : keys?.last(key);
  const runs: RunIndex | undefined = text !== undefined && keys ? new Map() : undefined;
  const prev = last?.runs && { text: last.text, runs: last.runs };
  const root =
    (text === undefined ? undefined : encodeText(text, own, cache, runs && { prev, next: runs })) ??
    encodeValue(entry.value, own, cache).root;
  const encoded = { root, blobs: [...own] };
  if (text !== undefined) keys?.set(key, { text, ...encoded, runs });
  return encoded;
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

/**
 * Visits every node reachable from `roots` that `seen` does not hold, a level of the
 * trees at a time, reading blobs in batches of 1,000. `strict`: a missing blob or one
 * whose bytes do not hash to its name is an error; otherwise it is skipped.
 */
async function walk(
  roots: Iterable<string>,
  getBlobs: (hashes: string[]) => Promise<Map<string, Uint8Array>>,
  seen: (hash: string) => boolean,
  visit: (hash: string, node: unknown[]) => void,
  strict: boolean,
): Promise<void> {
  let wanted = [...new Set([...roots].filter((r) => !r.startsWith('=') && !seen(r)))];
  while (wanted.length > 0) {
    const next = new Set<string>();
    for (let i = 0; i < wanted.length; i += 1000) {
      const batch = wanted.slice(i, i + 1000);
      const got = await getBlobs(batch);
      for (const h of batch) {
        const bytes = got.get(h);
        if (strict && !bytes)
          throw new BackendError('content-tree', `find blob ${h}`, { cause: new Error('blob missing') });
        if (!bytes) continue;
        if (strict && hashBytes(bytes) !== h) {
          throw new BackendError('content-tree', `verify blob ${h}`, {
            cause: new Error('content hash mismatch'),
          });
        }
        const node = parseNode(h, bytes);
        visit(h, node);
        for (const c of childHashes(node)) if (!seen(c)) next.add(c);
      }
    }
    wanted = [...next];
  }
}

/** `keepReachable` for a store read asynchronously (batched). */
export function keepReachableBatched(
  roots: Iterable<string>,
  getBlobs: (hashes: string[]) => Promise<Map<string, Uint8Array>>,
  keep: Set<string>,
): Promise<void> {
  return walk(
    roots,
    getBlobs,
    (h) => keep.has(h),
    (h) => keep.add(h),
    false,
  );
}

/** Fetches every node reachable from `roots`, a level at a time (batched), verifying each hash. */
export async function loadNodes(
  roots: Iterable<string>,
  getBlobs: (hashes: string[]) => Promise<Map<string, Uint8Array>>,
  known: Map<string, unknown[]> = new Map(),
): Promise<Map<string, unknown[]>> {
  await walk(
    roots,
    getBlobs,
    (h) => known.has(h),
    (h, node) => known.set(h, node),
    true,
  );
  return known;
}

function setProp<V>(obj: Record<string, V>, k: string, v: V): void {
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
