/** Why a migration chain or a document was refused. */
export type MigrationErrorReason =
  /** define time: an edge's target never reaches the current version; parse time: no edge leaves the document's version */
  | 'gap'
  /** define time: edges that lead back to a version already on the path (including `from === to`) */
  | 'cycle'
  /** define time: an edge whose `to` is lower than its `from` */
  | 'downgrade'
  /** parse time: the document was written by newer code; it is refused, never rewritten */
  | 'newer'
  /** define time: a semver range ("^1.0.0", "1.x", ">=1") where an exact version is needed */
  | 'range'
  /** a string that is neither an exact "x.y.z" version nor a range */
  | 'invalid-version'
  /** define time: two edges leave the same version */
  | 'duplicate'
  /** parse time: a migration step threw or returned something other than an object */
  | 'step-failed'
  /** parse time: the document has no `schemaVersion` and no `legacyVersion` was configured */
  | 'missing-version';

/** The fields a MigrationError carries besides its message. */
export interface MigrationErrorDetails {
  /** The version the offending edge or document starts from. */
  from?: string;
  /** The version the offending edge leads to, or the current version. */
  to?: string;
  /** The error thrown by a failed step. */
  cause?: unknown;
}

/**
 * A migration chain that cannot be defined, or a document that cannot be
 * brought to the current version. Branch on `reason`.
 */
export class MigrationError extends Error {
  readonly code = 'EMIGRATION' as const;
  readonly reason: MigrationErrorReason;
  readonly from: string | undefined;
  readonly to: string | undefined;

  constructor(reason: MigrationErrorReason, detail: string, details: MigrationErrorDetails = {}) {
    super(`schema-migration: ${detail}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MigrationError';
    this.reason = reason;
    this.from = details.from;
    this.to = details.to;
  }
}
