/** What a node's text encodes to. */
export interface StoredNode {
  hash: string;
  bytes: Uint8Array;
}

/**
 * Remembers what content-tree nodes encoded to (node text -> hash and stored bytes), so
 * a checkpoint compresses and hashes only the nodes that changed since the last one.
 * Encoding is a pure function of the text, so an entry can never be stale. Bounded:
 * two generations of about `maxChars` characters of node text each; a hit in the old
 * generation moves to the young one, and when the young one fills it becomes the old.
 */
export class NodeCache {
  #young = new Map<string, StoredNode>();
  #old = new Map<string, StoredNode>();
  #chars = 0;

  /** @param maxChars node text (UTF-16 characters) per generation. @default 4 Mi */
  constructor(readonly maxChars = 4 * 1024 * 1024) {}

  get(text: string): StoredNode | undefined {
    const young = this.#young.get(text);
    if (young) return young;
    const old = this.#old.get(text);
    if (old) this.set(text, old);
    return old;
  }

  set(text: string, node: StoredNode): void {
    if (this.#chars + text.length > this.maxChars) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#chars = 0;
    }
    this.#young.set(text, node);
    this.#chars += text.length;
  }

  /** Entries held (both generations; a text may be counted twice). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }
}
