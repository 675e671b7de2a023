import type { RunIndex } from './encode-text.js';

/** The last encoding of one key: its JSON text, root, every blob the root needs, and its runs. */
export interface EncodedKey {
  text: string;
  root: string;
  blobs: Array<[string, Uint8Array]>;
  /** The leaf runs of the text's big containers (when it was encoded from its text). */
  runs?: RunIndex;
}

/**
 * The last encoding of each key whose JSON text the backend handed to a checkpoint, so the
 * next checkpoint neither parses nor encodes a value whose text did not change (the same
 * text always encodes the same). Bounded by the text it holds: the least recently stored
 * keys make room.
 */
export class EncodedKeys {
  readonly #byKey = new Map<string, EncodedKey>();
  #chars = 0;

  /** @param maxChars JSON text (UTF-16 characters) held in all. @default 16 Mi */
  constructor(readonly maxChars = 16 * 1024 * 1024) {}

  /** The encoding of `key` if its text is still `text`. */
  get(key: string, text: string): EncodedKey | undefined {
    const known = this.#byKey.get(key);
    return known && known.text === text ? known : undefined;
  }

  /** The last encoding of `key`, whatever its text. */
  last(key: string): EncodedKey | undefined {
    return this.#byKey.get(key);
  }

  set(key: string, encoded: EncodedKey): void {
    const old = this.#byKey.get(key);
    if (old) {
      this.#byKey.delete(key);
      this.#chars -= old.text.length;
    }
    if (encoded.text.length > this.maxChars) return;
    for (const [k, e] of this.#byKey) {
      if (this.#chars + encoded.text.length <= this.maxChars) break;
      this.#byKey.delete(k);
      this.#chars -= e.text.length;
    }
    this.#byKey.set(key, encoded);
    this.#chars += encoded.text.length;
  }

  /** Keys held. */
  get size(): number {
    return this.#byKey.size;
  }
}
