import type { SnapshotEntry } from './backend.js';
import type { JsonValue } from './types.js';

/** A snapshot entry from stored JSON text: the value is parsed only if the encoder asks for it. */
export function lazyEntry(text: string, revision: number, updatedAt: number): SnapshotEntry {
  let value: JsonValue | undefined;
  return {
    text,
    revision,
    updatedAt,
    get value(): JsonValue {
      value ??= JSON.parse(text) as JsonValue;
      return value;
    },
  };
}
