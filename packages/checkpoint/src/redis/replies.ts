import type { SnapshotEntry } from '../backend.js';
import { lazyEntry } from '../lazy-entry.js';
import { byAge } from '../retention.js';
import type { CheckpointInfo, Entry, JsonValue } from '../types.js';

/* Turning Redis replies into the backend's values. */

/** What the `manifests` hash holds (as JSON) for each checkpoint. */
export interface ManifestMeta {
  createdAt: number;
  keys: number;
  bytes: number;
  /** The checkpoint's notes; left out of the JSON when it has none (and by versions before notes). */
  notes?: string | undefined;
}

/** Results of a MULTI/EXEC; throws the first command error (or a discarded transaction). */
export function check(results: Array<[Error | null, unknown]> | null): unknown[] {
  if (results === null) throw new Error('the transaction was discarded');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/** Entries from a flat script reply [key, value, rev, updatedAt, ...] starting at `from`. */
export function toEntries(flat: string[], from: number): Map<string, SnapshotEntry> {
  const out = new Map<string, SnapshotEntry>();
  for (let i = from; i + 3 < flat.length; i += 4)
    out.set(flat[i]!, lazyEntry(flat[i + 1]!, Number(flat[i + 2]), Number(flat[i + 3])));
  return out;
}

export function toEntry(
  value: string,
  rev: string | null | undefined,
  updatedAt: string | null | undefined,
): Entry {
  return { value: JSON.parse(value) as JsonValue, revision: Number(rev), updatedAt: Number(updatedAt) };
}

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Every checkpoint, oldest first, from the `manifests` hash and the `pinned` set. */
export function toCheckpointInfos(all: Record<string, string>, pinned: string[]): CheckpointInfo[] {
  const pins = new Set(pinned);
  return Object.entries(all)
    .map(([name, json]) => ({ name, ...(JSON.parse(json) as ManifestMeta), pinned: pins.has(name) }))
    .sort(byAge);
}
