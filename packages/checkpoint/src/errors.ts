import { inspect } from 'node:util';
/** `save`/`delete` with `ifRevision` found another revision: another writer got there first. */
export class ConflictError extends Error {
  readonly code = 'ECONFLICT' as const;
  constructor(
    readonly key: string,
    readonly expected: number,
    /** The revision actually stored; 0 when the key does not exist. */
    readonly found: number,
    options?: { cause?: unknown },
  ) {
    super(
      `checkpoint: expected key "${key}" at revision ${expected}${expected === 0 ? ' (absent)' : ''}, found revision ${found}${found === 0 ? ' (absent)' : ''}; another writer got there first`,
      options,
    );
    this.name = 'ConflictError';
  }
}

/** A namespace, key, checkpoint name, session or batch id broke a naming rule. */
export class InvalidNameError extends Error {
  readonly code = 'EINVALIDNAME' as const;
  constructor(
    /** What was being named: `namespace`, `key`, `checkpoint`, `session`, `batch`. */
    readonly what: string,
    /** The rejected name (`name` itself is the error class name, as on every Error). */
    readonly found: unknown,
    /** The rule broken, e.g. `no "/"`. */
    readonly rule: string,
    options?: { cause?: unknown },
  ) {
    super(`checkpoint: expected a valid ${what} name (${rule}), found ${describe(found)}`, options);
    this.name = 'InvalidNameError';
  }
}

/** A checkpoint (or other named thing) does not exist. */
export class NotFoundError extends Error {
  readonly code = 'ENOTFOUND' as const;
  constructor(
    /** What was looked up, e.g. `checkpoint`. */
    readonly what: string,
    /** The name looked up (`name` itself is the error class name). */
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(`checkpoint: expected ${what} "${target}" to exist, found none`, options);
    this.name = 'NotFoundError';
  }
}

/** A value is not plain JSON (undefined, function, NaN, Infinity, cycle, class instance, ...). */
export class InvalidValueError extends Error {
  readonly code = 'EINVALIDVALUE' as const;
  constructor(
    /** JSON path of the offending part, e.g. `$.items[3].at`. */
    readonly path: string,
    /** What was found there, e.g. `undefined`, `a Date`, `a cycle`. */
    readonly found: string,
    options?: { cause?: unknown },
  ) {
    super(`checkpoint: expected a JSON value at ${path}, found ${found}`, options);
    this.name = 'InvalidValueError';
  }
}

/**
 * A key's stored entry cannot be read (its file was damaged from outside: every write is an
 * atomic replace). Reads of the key and checkpoints of its namespace fail with it (inside a
 * `BackendError`); a save or delete of the key replaces the file and keeps its bytes aside.
 */
export class CorruptEntryError extends Error {
  readonly code = 'ECORRUPTENTRY' as const;
  constructor(
    readonly key: string,
    /** The damaged file. */
    readonly path: string,
    /** The revision its bytes still show (0 when they do not): a save over it continues from there. */
    readonly salvagedRevision: number,
    options?: { cause?: unknown },
  ) {
    const why = options?.cause instanceof Error ? options.cause.message : shown(options?.cause);
    super(
      `checkpoint: expected a readable entry for key ${JSON.stringify(key)} in ${path}, found ${why}; ` +
        'save or delete the key to replace it (the damaged file is then kept beside it as .corrupt-<time>)',
      options,
    );
    this.name = 'CorruptEntryError';
  }
}

/** The storage failed (I/O error, corrupt data, lost connection, bad option); `cause` has the original error. */
export class BackendError extends Error {
  readonly code = 'EBACKEND' as const;
  constructor(
    /** Backend kind: `memory`, `json`, `sqlite`, `redis`. */
    readonly backend: string,
    /** What the backend was doing, e.g. `read blob 3fa1...`. */
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause;
    const why = cause instanceof Error ? cause.message : cause === undefined ? 'an error' : shown(cause);
    super(`checkpoint: expected the ${backend} backend to ${operation}, found ${why}`, options);
    this.name = 'BackendError';
  }
}

/** A value as an error message shows it: never throws, whatever the value (a symbol, a null-prototype object, ...). */
export function shown(value: unknown): string {
  return inspect(value, { depth: 0, breakLength: Number.POSITIVE_INFINITY });
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  return value === null ? 'null' : typeof value;
}
