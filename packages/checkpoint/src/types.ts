/** A JSON value: what `save` accepts and `load` returns. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** One key as a backend stores it. */
export interface Entry {
  value: JsonValue;
  /** Starts at 1 on the first save and goes up by one on every save of the key. */
  revision: number;
  /** Clock time (ms since epoch) of the last save. */
  updatedAt: number;
}

/** What `listCheckpoints()` reports about one checkpoint. */
export interface CheckpointInfo {
  name: string;
  /** Clock time (ms since epoch) the snapshot was taken. */
  createdAt: number;
  /** Number of keys in the snapshot. */
  keys: number;
  /** Encoded size of the snapshot's values (before sharing with other checkpoints). */
  bytes: number;
  pinned: boolean;
  /** The checkpoint's note, as given to `checkpoint` or `save`; absent when it has none. */
  notes?: string;
}

/** Options of `checkpoint`. */
export interface CheckpointOptions {
  /**
   * A short free-text note stored with the checkpoint (why it was taken, e.g. `'Before stage
   * progression'`) and returned by `listCheckpoints()`: a string of at most 1,000 characters
   * (`MAX_NOTES_LENGTH`, UTF-16 code units) with no lone surrogate; `''` counts as none.
   * Anything else is an `InvalidValueError`. A checkpoint replaced under the same name keeps
   * only the new call's note.
   * @default undefined (no note)
   */
  notes?: string;
}

/** Options of `save`. */
export interface SaveOptions {
  /** Save only if the key is at this revision (`0` = must not exist), else `ConflictError`. @default undefined (any revision) */
  ifRevision?: number;
  /**
   * Also checkpoint the namespace, in the same operation: `true` for the default name
   * (`cp-<ISO time>`) or the checkpoint's name (an existing one is replaced). The checkpoint
   * holds every key exactly as this save leaves them; a `ConflictError` stores neither.
   * @default false
   */
  checkpoint?: boolean | string;
  /**
   * The note of the checkpoint written with the `checkpoint` option, as `checkpoint`'s
   * `notes` (same rules). Without `checkpoint` it is an `InvalidValueError`: there is no
   * checkpoint to hold it.
   * @default undefined (no note)
   */
  notes?: string;
}

/** What `save` returns. */
export interface SaveResult {
  /** The key's new revision. */
  revision: number;
  /** The checkpoint written with the save (only with the `checkpoint` option). */
  checkpoint?: CheckpointInfo;
}

/**
 * Which checkpoints `prune` keeps (restic `forget` semantics): a checkpoint
 * survives if ANY rule keeps it; the newest checkpoint is always kept.
 */
export interface RetentionPolicy {
  /** Keep the newest N checkpoints. @default 0 */
  keepLast?: number;
  /** For the last N hours that have a checkpoint, keep the newest checkpoint of each (UTC hours). @default 0 */
  keepHourly?: number;
  /** For the last N days that have a checkpoint, keep the newest checkpoint of each (UTC days). @default 0 */
  keepDaily?: number;
  /** For the last N ISO weeks that have a checkpoint, keep the newest checkpoint of each (UTC, weeks start Monday). @default 0 */
  keepWeekly?: number;
  /** Keep every checkpoint created within this many milliseconds before `now`. @default 0 */
  keepWithin?: number;
  /** Keep pinned checkpoints (`false`: pins do not count, the other rules decide). @default true */
  pinned?: boolean;
}

/** The outcome of `planRetention`: every checkpoint is in exactly one of `keep` or `remove`. */
export interface PrunePlan {
  /** Kept checkpoints, oldest first, with the rules that keep each (e.g. `last`, `hourly`, `pinned`, `newest`). */
  keep: Array<{ name: string; reasons: string[] }>;
  /** Names of checkpoints to delete, oldest first. */
  remove: string[];
}

/** A clock; tests pass a fake one. */
export interface Clock {
  now(): number;
}
