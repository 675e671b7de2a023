/** Why a file that exists was not usable JSON. */
export type CorruptReason = 'empty' | 'invalid-utf8' | 'invalid-json';

/** The file exists but is empty, torn or not valid JSON. */
export class CorruptFileError extends Error {
  readonly code = 'ECORRUPT' as const;
  /** What was wrong with the content. */
  readonly reason: CorruptReason;
  /** Size of the file in bytes. */
  readonly bytes: number;

  constructor(
    readonly path: string,
    options: { cause?: unknown; reason?: CorruptReason; bytes?: number } = {},
  ) {
    const reason = options.reason ?? 'invalid-json';
    const bytes = options.bytes ?? 0;
    super(`atomic-write: expected valid JSON in ${path}, found ${found(reason, bytes, options.cause)}`, {
      cause: options.cause,
    });
    this.name = 'CorruptFileError';
    this.reason = reason;
    this.bytes = bytes;
  }
}

function found(reason: CorruptReason, bytes: number, cause: unknown): string {
  if (reason === 'empty') return 'an empty file (0 bytes)';
  if (reason === 'invalid-utf8') return `${bytes} bytes that are not valid UTF-8`;
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return `${bytes} bytes that do not parse as JSON${detail}`;
}
