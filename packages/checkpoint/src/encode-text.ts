import type { NodeCache } from './node-cache.js';
import {
  type Blobs,
  type Ctx,
  cutsAfter,
  type Item,
  itemOf,
  leafNode,
  NODE_MIN,
  type Part,
  rootOf,
  runItem,
  store,
  upperRuns,
  use,
} from './tree-nodes.js';

/*
 * Encodes a value straight from its JSON text, without parsing it: a scanner finds each
 * child's span, a span of at most NODE_MIN characters is written inline as it is, and a
 * larger container is split into runs as `encodeValue` does. On compact JSON (what
 * JSON.stringify writes, as every backend stores it) the nodes, hashes and blobs are
 * exactly those of `encodeValue(JSON.parse(text))`: the tests hold it to that.
 */

/** Thrown inside the scanner for text that is not compact JSON; `encodeText` returns undefined. */
class NotCompact extends Error {}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

/** End (exclusive) of the string starting at `at` (its opening quote). */
function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  throw new NotCompact('unterminated string');
}

/** End of the value at `at` if it is at most `limit` characters long, else -1. */
function endWithin(text: string, at: number, limit: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) {
    const end = skipString(text, at);
    return end - at <= limit ? end : -1;
  }
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) break;
      if (c <= 32) throw new NotCompact('whitespace');
      i++;
    }
    if (i === at) throw new NotCompact('empty value');
    return i - at <= limit ? i : -1;
  }
  let depth = 0;
  const stop = Math.min(text.length, at + limit);
  for (let i = at; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i) - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    } else if (c <= 32) throw new NotCompact('whitespace');
  }
  return -1;
}

/** One leaf run ("o"/"a") of a container, as an encoding of a key's text wrote it. */
export interface LeafRun {
  /** Where the run's first item starts in that text, and where its last item ends. */
  start: number;
  end: number;
  /** The run as an item of the level above, and how many items it holds. */
  item: Item;
  count: number;
  /** The run's node and every node under it, in the order the pass used them. */
  blobs: Array<[string, Uint8Array]>;
}

/** Each big container's leaf runs, by path (`/`, `/0/"items"`, ...), in order. */
export type RunIndex = Map<string, LeafRun[]>;

/** A key's previous text and its runs: runs found again unchanged are reused, not re-encoded. */
export interface PreviousRuns {
  text: string;
  runs: RunIndex;
}

interface TextCtx extends Ctx {
  trail: Array<[string, Uint8Array]>;
  prev: PreviousRuns | undefined;
  next: RunIndex | undefined;
}

/**
 * The old run that starts at `i` of `text` unchanged, looked for among the few after `from`:
 * the same characters followed by the same delimiter (a comma, or the container's end).
 */
function findRun(text: string, i: number, prev: PreviousRuns, old: LeafRun[], from: number): number {
  for (let m = from; m < old.length && m < from + 3; m++) {
    const r = old[m] as LeafRun;
    const end = i + r.end - r.start;
    if (
      text.charCodeAt(end) === prev.text.charCodeAt(r.end) &&
      // equality of two slices compares their characters natively, faster than startsWith
      text.slice(i, end) === prev.text.slice(r.start, r.end)
    )
      return m;
  }
  return -1;
}

/** Encodes the value at `at`; returns its part and where it ends. */
function encodeAt(
  text: string,
  at: number,
  ctx: TextCtx,
  parent: string,
  step: string | number,
): [Part, number] {
  const small = endWithin(text, at, NODE_MIN);
  if (small !== -1) return [{ json: text.slice(at, small) }, small];
  const first = text.charCodeAt(at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    const end = first === QUOTE ? skipString(text, at) : endWithin(text, at, Number.POSITIVE_INFINITY);
    return [{ hash: store(`["v",${text.slice(at, end)}]`, ctx) }, end];
  }
  return encodeContainer(text, at, ctx, `${parent}/${step}`);
}

/**
 * A big container, run by run, as `runs` would cut it: each run starts where the last one
 * ended, so an old run found there with the same characters and delimiter would be cut the
 * same way again, and its hash and blobs are reused without scanning its items.
 */
function encodeContainer(text: string, at: number, ctx: TextCtx, path: string): [Part, number] {
  const isArray = text.charCodeAt(at) === OPEN_BRACKET;
  const close = isArray ? CLOSE_BRACKET : CLOSE_BRACE;
  const prev = ctx.prev;
  const old = prev?.runs.get(path);
  const record: LeafRun[] = [];
  const leaves: Item[] = [];
  const done = (end: number): [Part, number] => {
    ctx.next?.set(path, record);
    return [{ hash: upperRuns(isArray, leaves, ctx) }, end + 1];
  };
  let i = at + 1;
  let index = 0;
  let from = 0;
  let delta = 0; // how far the runs moved, at the last one reused
  for (;;) {
    if (prev && old) {
      while (from < old.length && (old[from] as LeafRun).end + delta <= i) from++;
      const m = findRun(text, i, prev, old, from);
      if (m !== -1) {
        const r = old[m] as LeafRun;
        for (const [h, b] of r.blobs) use(ctx, h, b);
        const end = i + r.end - r.start;
        leaves.push(r.item);
        record.push({ start: i, end, item: r.item, count: r.count, blobs: r.blobs });
        delta = i - r.start;
        from = m + 1;
        index += r.count;
        if (text.charCodeAt(end) === close) return done(end);
        i = end + 1;
        continue;
      }
    }
    const items: Item[] = [];
    const start = i;
    const trailFrom = ctx.trail.length;
    let size = 0;
    for (;;) {
      let key: { json: string; name: string } | undefined;
      if (!isArray) {
        if (text.charCodeAt(i) !== QUOTE) throw new NotCompact('expected a key');
        const keyEnd = skipString(text, i);
        const json = text.slice(i, keyEnd);
        key = { json, name: json.includes('\\') ? (JSON.parse(json) as string) : json.slice(1, -1) };
        if (text.charCodeAt(keyEnd) !== COLON) throw new NotCompact('expected a colon');
        i = keyEnd + 1;
      }
      const [part, end] = encodeAt(text, i, ctx, path, key ? key.json : index++);
      const item = itemOf(part, key);
      items.push(item);
      size += item.text.length + 1;
      const next = text.charCodeAt(end);
      if (next !== COMMA && next !== close) throw new NotCompact('expected a comma or a closing bracket');
      if (cutsAfter(size, item, next === close)) {
        const hash = store(leafNode(isArray, items, 0, items.length), ctx);
        const up = runItem(isArray, hash, items[0] as Item);
        leaves.push(up);
        record.push({ start, end, item: up, count: items.length, blobs: ctx.trail.slice(trailFrom) });
        if (next === close) return done(end);
        i = end + 1;
        break;
      }
      i = end + 1;
    }
  }
}

/**
 * The root of `text` (compact JSON of a value) as `encodeValue` would give it, adding the
 * blobs it needs to `blobs`; undefined when the text is not compact JSON (whitespace, ...).
 * With `runs.prev` (the key's last text and its runs), runs found again unchanged are reused;
 * `runs.next` receives this text's runs.
 */
export function encodeText(
  text: string,
  blobs: Blobs,
  cache?: NodeCache,
  runs?: { prev?: PreviousRuns; next: RunIndex },
): string | undefined {
  const own: Blobs = new Map();
  const ctx: TextCtx = { blobs: own, cache, trail: [], prev: runs?.prev, next: runs?.next };
  try {
    const [part, end] = encodeAt(text, 0, ctx, '', '');
    if (end !== text.length) return undefined;
    const root = rootOf(part, ctx);
    for (const [h, b] of own) blobs.set(h, b);
    return root;
  } catch (error) {
    if (error instanceof NotCompact) {
      runs?.next.clear();
      return undefined;
    }
    throw error;
  }
}
