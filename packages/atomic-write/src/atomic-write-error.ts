/** The step of an atomic write that failed. */
export type WriteStep = 'stat' | 'open' | 'write' | 'chmod' | 'fsync' | 'close' | 'rename' | 'fsync-dir';

/**
 * A write could not be completed. For every step before `rename` the previous
 * content of `path` is intact and the temp file has been removed. A failure of
 * `fsync-dir` (an I/O error, not "unsupported") happens after the rename: the new
 * content is in place but may not survive a power cut.
 */
export class AtomicWriteError extends Error {
  readonly code = 'EATOMICWRITE' as const;
  /** The step that failed. */
  readonly step: WriteStep;
  /** True when the failure happened after the new content replaced the old one. */
  readonly replaced: boolean;

  constructor(
    readonly path: string,
    options: { cause: unknown; step: WriteStep },
  ) {
    const { cause, step } = options;
    const replaced = step === 'fsync-dir';
    const found = describe(cause);
    const outcome = replaced
      ? 'the new content is in place but its directory entry may not be durable'
      : `${path} was left unchanged`;
    super(
      `atomic-write: expected to replace ${path} atomically, found ${step} failing with ${found}; ${outcome}`,
      { cause },
    );
    this.name = 'AtomicWriteError';
    this.step = step;
    this.replaced = replaced;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return String(cause);
}
