/** `writeJsonAtomic` was given a value JSON cannot represent (undefined, a function, a BigInt, a cycle). */
export class NotJsonError extends Error {
  readonly code = 'ENOTJSON' as const;

  constructor(
    readonly path: string,
    options: { cause?: unknown; found: string },
  ) {
    super(`atomic-write: expected a JSON-serialisable value to write to ${path}, found ${options.found}`, {
      cause: options.cause,
    });
    this.name = 'NotJsonError';
  }
}
