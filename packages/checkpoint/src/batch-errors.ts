/** `create` found the batch already created with other items. */
export class BatchMismatchError extends Error {
  readonly code = 'EBATCHMISMATCH' as const;
  constructor(
    readonly batch: string,
    readonly expected: number,
    readonly found: number,
    options?: { cause?: unknown },
  ) {
    super(
      `checkpoint: expected batch "${batch}" to be created with the same items as before (${found} items), found a different list of ${expected} items`,
      options,
    );
    this.name = 'BatchMismatchError';
  }
}

/** `delete` of a batch with items neither completed nor failed (pass `{ force: true }` to delete it anyway). */
export class BatchUnfinishedError extends Error {
  readonly code = 'EBATCHUNFINISHED' as const;
  constructor(
    readonly batch: string,
    /** How many items are pending. */
    readonly pending: number,
    options?: { cause?: unknown },
  ) {
    super(
      `checkpoint: expected batch "${batch}" to be finished before delete (or { force: true }), found ${pending} pending item${pending === 1 ? '' : 's'}`,
      options,
    );
    this.name = 'BatchUnfinishedError';
  }
}
