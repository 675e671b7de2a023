import type { NodeCache } from './node-cache.js';
import {
  type Blobs,
  type Ctx,
  type Item,
  itemOf,
  NODE_MIN,
  type Part,
  rootOf,
  runs,
  store,
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

/** Encodes the value at `at`; returns its part and where it ends. */
function encodeAt(text: string, at: number, ctx: Ctx): [Part, number] {
  const small = endWithin(text, at, NODE_MIN);
  if (small !== -1) return [{ json: text.slice(at, small) }, small];
  const first = text.charCodeAt(at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    const end = first === QUOTE ? skipString(text, at) : endWithin(text, at, Number.POSITIVE_INFINITY);
    return [{ hash: store(`["v",${text.slice(at, end)}]`, ctx) }, end];
  }
  const isArray = first === OPEN_BRACKET;
  const items: Item[] = [];
  let i = at + 1;
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
    const [part, end] = encodeAt(text, i, ctx);
    items.push(itemOf(part, key));
    const next = text.charCodeAt(end);
    if (next === COMMA) i = end + 1;
    else if (next === (isArray ? CLOSE_BRACKET : CLOSE_BRACE)) {
      return [{ hash: runs(isArray, items, ctx) }, end + 1];
    } else throw new NotCompact('expected a comma or a closing bracket');
  }
}

/**
 * The root of `text` (compact JSON of a value) as `encodeValue` would give it, adding the
 * blobs it needs to `blobs`; undefined when the text is not compact JSON (whitespace, ...).
 */
export function encodeText(text: string, blobs: Blobs, cache?: NodeCache): string | undefined {
  const own: Blobs = new Map();
  const ctx: Ctx = { blobs: own, cache };
  try {
    const [part, end] = encodeAt(text, 0, ctx);
    if (end !== text.length) return undefined;
    const root = rootOf(part, ctx);
    for (const [h, b] of own) blobs.set(h, b);
    return root;
  } catch (error) {
    if (error instanceof NotCompact) return undefined;
    throw error;
  }
}
