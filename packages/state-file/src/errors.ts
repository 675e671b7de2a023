/** The previous copy could not be kept as `<file>.bak`; the state file was not written. */
export class BackupError extends Error {
  readonly code = 'EBACKUP' as const;
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(
      `state-file: expected to keep the previous copy of ${path} as ${path}.bak, found ${describe(options?.cause)}; ${path} was not changed`,
      options,
    );
    this.name = 'BackupError';
  }
}

/** A copy of a corrupt state file could not be kept aside; nothing was replaced. */
export class RecoveryError extends Error {
  readonly code = 'ERECOVERY' as const;
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(
      `state-file: expected to keep the corrupt ${path} as ${path}.corrupt-<timestamp>, found ${describe(options?.cause)}; ${path} was not changed`,
      options,
    );
    this.name = 'RecoveryError';
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error)
    return `${(cause as NodeJS.ErrnoException).code ?? cause.name}: ${cause.message}`;
  return String(cause);
}
