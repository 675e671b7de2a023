import type { CheckpointInfo, Entry, JsonValue } from './types.js';

/** What `snapshot` hands to its `encode` callback's caller: the manifest and its new blobs. */
export interface EncodedSnapshot {
  /** key -> root hash of the key's content tree. */
  manifest: Record<string, string>;
  /** Blobs the manifest refers to (the backend stores the ones it does not have). */
  blobs: Array<[string, Uint8Array]>;
  /** Encoded size of all of the snapshot's values. */
  bytes: number;
}

/** The callback a snapshot encodes the entries it read with (the manager's content-tree encoder). */
export type SnapshotEncoder = (entries: Map<string, SnapshotEntry>) => Promise<EncodedSnapshot>;

/** The checkpoint `snapshot` writes: its name, its time and its notes (a checked, non-empty string, or none). */
export interface NewCheckpoint {
  name: string;
  createdAt: number;
  notes?: string | undefined;
  /**
   * `true` for a default name (`cp-<ISO time>`): never replace a checkpoint. When `name` is
   * taken, the backend writes the checkpoint under the first free one of `name-2`, `name-3`, ...
   * (`suffixedName`), deciding which atomically with the write (under its lock, in its
   * transaction or script, so two processes taking one name at once get two checkpoints), and
   * returns the info with the name it used. Absent or `false`: `name` replaces a checkpoint of
   * that name.
   */
  suffixIfTaken?: boolean | undefined;
}

/**
 * A checkpoint `deleteManifests` deletes. A name alone: the checkpoint of that name, whatever it
 * holds (`deleteCheckpoint(name)`). With its `createdAt`: only while the checkpoint of that name
 * is still the one created then (what `prune` planned on); one taken again under the name since,
 * by this process or another, is left alone.
 */
export type CheckpointRef = string | { name: string; createdAt: number };

/** A `CheckpointRef` as name and time (`createdAt` undefined: any). */
export function resolveCheckpointRef(ref: CheckpointRef): { name: string; createdAt: number | undefined } {
  return typeof ref === 'string' ? { name: ref, createdAt: undefined } : ref;
}

/**
 * The info of a checkpoint a backend just wrote from `encoded` (never pinned; `notes` only when
 * given), under `name` (default `cp.name`; another when `suffixIfTaken` picked one).
 */
export function newCheckpointInfo(
  { name: requested, createdAt, notes }: NewCheckpoint,
  encoded: EncodedSnapshot,
  name = requested,
): CheckpointInfo {
  const info = { name, createdAt, keys: Object.keys(encoded.manifest).length, bytes: encoded.bytes };
  return notes === undefined ? { ...info, pinned: false } : { ...info, pinned: false, notes };
}

/**
 * An entry as `snapshot` hands it to `encode`. A backend that stores values as JSON text
 * passes it as `text` (and may parse `value` lazily): the encoder then skips values whose
 * text did not change since the manager's last checkpoint.
 */
export interface SnapshotEntry extends Entry {
  readonly text?: string;
}

/**
 * What `updateMeta` calls: gets the side record's current value (`undefined`: none), its own
 * copy to change or return as it likes, and returns the value to store (`undefined`: delete).
 */
export type MetaUpdate = (current: JsonValue | undefined) => JsonValue | undefined;

/** The save `saveAndSnapshot` applies first, as `putEntry` would (`ifRevision` 0 = must not exist). */
export interface EntryWrite {
  key: string;
  value: JsonValue;
  ifRevision: number | undefined;
  /** Clock time of the save (its `updatedAt`). */
  now: number;
}

/**
 * The seam between `StateManager` and a storage. Every implementation runs
 * `runBackendCompliance`. Names and keys arrive already validated; values are
 * already checked to be JSON. A backend throws `ConflictError` for a revision
 * mismatch and `BackendError` (with `cause`) for storage failures.
 */
export interface Backend {
  readonly kind: string;
  getEntry(ns: string, key: string): Promise<Entry | undefined>;
  /** Stores the value and returns the new revision; `ifRevision` 0 = must not exist. Throws ConflictError. */
  putEntry(
    ns: string,
    key: string,
    value: JsonValue,
    ifRevision: number | undefined,
    now: number,
  ): Promise<number>;
  /** Returns false when the key did not exist (and ifRevision is undefined or 0). Throws ConflictError. */
  deleteEntry(ns: string, key: string, ifRevision: number | undefined): Promise<boolean>;
  /** Sorted. */
  listKeys(ns: string): Promise<string[]>;
  /** content-addressed blobs (hash = sha256 hex of the bytes), shared by all checkpoints of a namespace; idempotent. */
  putBlobs(ns: string, blobs: Array<[hash: string, bytes: Uint8Array]>): Promise<void>;
  /** Only the hashes found are in the map. */
  getBlobs(ns: string, hashes: string[]): Promise<Map<string, Uint8Array>>;
  /**
   * Reads all entries consistently, calls `encode`, stores its blobs and the
   * manifest `{ key -> root hash }` under `name` atomically, with `notes` (a checked, non-empty
   * string of at most 1,000 characters; `undefined`: none) in its info. Replaces an existing
   * checkpoint of the same name entirely (pinned flag false, the old notes gone), in one atomic
   * step (a crash leaves the old checkpoint or the new one, never a mix of their info and
   * content); with `cp.suffixIfTaken` replaces nothing and picks a free name instead (see
   * `NewCheckpoint`). `listManifests` returns the notes as stored (`notes` absent when none);
   * `setPinned` keeps them.
   */
  snapshot(ns: string, cp: NewCheckpoint, encode: SnapshotEncoder): Promise<CheckpointInfo>;
  /**
   * `putEntry(write)` then `snapshot(name, ..., notes)` as one operation: the checkpoint
   * holds the namespace exactly as it is right after the save (no other write in between); a
   * ConflictError stores neither. Returns the key's new revision and the checkpoint.
   */
  saveAndSnapshot(
    ns: string,
    write: EntryWrite,
    cp: NewCheckpoint,
    encode: SnapshotEncoder,
  ): Promise<{ revision: number; info: CheckpointInfo }>;
  /** Oldest first (by createdAt, then name). */
  listManifests(ns: string): Promise<CheckpointInfo[]>;
  getManifest(ns: string, name: string): Promise<Record<string, string> | undefined>;
  /** restore: atomically replaces all keys; every key's revision goes up (a new key starts at previous+1 or 1). */
  replaceAll(ns: string, entries: Map<string, JsonValue>, now: number): Promise<void>;
  /**
   * Deletes the checkpoints `refs` name (see `CheckpointRef`, `resolveCheckpointRef`), each with a
   * `createdAt` only while that still matches, checked atomically with the deletion (under the backend's lock, in its transaction
   * or script): `prune` deletes what it planned to, never a checkpoint taken again under that
   * name meanwhile. Unknown names and mismatched times are skipped. Returns how many it deleted.
   */
  deleteManifests(ns: string, refs: readonly CheckpointRef[]): Promise<number>;
  /** Throws NotFoundError when the checkpoint does not exist. */
  setPinned(ns: string, name: string, pinned: boolean): Promise<void>;
  /**
   * Deletes blobs whose hash is not in `live` and that no checkpoint existing at the moment
   * of deletion reaches (atomically with the deletions: a checkpoint another process took
   * after `live` was computed keeps its blobs); returns how many and their bytes.
   */
  collect(ns: string, live: Set<string>): Promise<{ blobs: number; bytes: number }>;
  /** Small side records (heartbeats, batch state); not part of keys() or checkpoints. */
  setMeta(ns: string, key: string, value: JsonValue): Promise<void>;
  getMeta(ns: string, key: string): Promise<JsonValue | undefined>;
  /**
   * Atomic read-modify-write of the side record `key`: reads it, calls `update` with it and
   * stores what `update` returns, with no other write of the record (by this process or any
   * other using the same store) in between; returns the value now stored (`undefined`: none).
   * Returning `undefined` deletes the record (a no-op when there is none); returning a value
   * equal to the current one writes nothing. The value returned must be JSON (else
   * `InvalidValueError`, nothing written).
   *
   * `update` is synchronous and may be called more than once (a backend with optimistic
   * concurrency, Redis, calls it again with the newer value when another writer got there
   * first; only the last call's result is stored), so it must do nothing that has to happen
   * once (setting a variable that the next call sets again is fine). An error thrown by
   * `update` rejects the call with that same error and writes nothing. Memory: synchronous; JSON files: under the
   * namespace lock; SQLite: one `BEGIN IMMEDIATE` transaction; Redis: compare-and-set in a Lua
   * script, retried (bounded, then `BackendError`).
   */
  updateMeta(ns: string, key: string, update: MetaUpdate): Promise<JsonValue | undefined>;
  close(): Promise<void>;
}
