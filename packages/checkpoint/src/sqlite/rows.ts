import {
  type CheckpointRef,
  type EncodedSnapshot,
  type NewCheckpoint,
  newCheckpointInfo,
  resolveCheckpointRef,
} from '../backend.js';
import { firstFreeName } from '../default-checkpoint-name.js';
import { ConflictError } from '../errors.js';
import type { CheckpointInfo, Entry, JsonValue } from '../types.js';
import { toBlobKey } from './blob-key.js';
import type { EntryRow, ManifestRow, Statements } from './statements.js';

/* The row-level steps the SQLite backend's transactions are made of. */

/** The conditional save: the key's new revision, or ConflictError (inside the caller's transaction). */
export function upsert(
  s: Statements,
  ns: string,
  key: string,
  json: string,
  ifRevision: number | undefined,
  now: number,
): number {
  const found = s.getRev.get(ns, key) ?? 0;
  if (ifRevision !== undefined && ifRevision !== found) throw new ConflictError(key, ifRevision, found);
  s.upsertEntry.run(ns, key, json, found + 1, now);
  return found + 1;
}

/** Stores a blob unless the namespace has it already (content-addressed: same hash, same bytes). */
export function putBlob(s: Statements, ns: string, hash: string, bytes: Uint8Array): void {
  const key = toBlobKey(hash);
  if (s.blobId.get(ns, key) !== undefined) return;
  s.insertBlobKey.run(ns, key, s.insertBlob.run(toBuffer(bytes)).lastInsertRowid);
}

/**
 * Writes checkpoint `cp`'s row (inside the caller's transaction): replaces a row of its name, or
 * with `suffixIfTaken` replaces none and takes the first free name, checked in this transaction
 * under the write lock (INSERT without OR REPLACE). Returns the info written.
 */
export function putManifestRow(
  s: Statements,
  ns: string,
  cp: NewCheckpoint,
  encoded: EncodedSnapshot,
): CheckpointInfo {
  const name = cp.suffixIfTaken
    ? firstFreeName(cp.name, (n) => s.hasManifest.get(ns, n) !== undefined)
    : cp.name;
  const info = newCheckpointInfo(cp, encoded, name);
  const put = cp.suffixIfTaken ? s.insertManifest : s.putManifest;
  put.run(ns, name, cp.createdAt, info.keys, info.bytes, cp.notes ?? null, JSON.stringify(encoded.manifest));
  return info;
}

/** Deletes the rows `refs` name, each only while its `created_at` is the one given (inside the caller's transaction). */
export function deleteManifestRows(s: Statements, ns: string, refs: readonly CheckpointRef[]): number {
  let deleted = 0;
  for (const { name, createdAt } of refs.map(resolveCheckpointRef)) {
    const run =
      createdAt === undefined ? s.deleteManifest.run(ns, name) : s.deleteManifestAt.run(ns, name, createdAt);
    deleted += run.changes;
  }
  return deleted;
}

export function toEntry(row: EntryRow): Entry {
  return { value: JSON.parse(row.value) as JsonValue, revision: row.rev, updatedAt: row.updated_at };
}

/** A checkpoint's info from its row (`notes` absent when NULL: none, or a file from before version 2). */
export function toCheckpointInfo(r: ManifestRow): CheckpointInfo {
  const info = {
    name: r.name,
    createdAt: r.created_at,
    keys: r.keys,
    bytes: r.bytes,
    pinned: r.pinned === 1,
  };
  return r.notes === null ? info : { ...info, notes: r.notes };
}

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
