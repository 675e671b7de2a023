import { inspect } from 'node:util';

/** Options to defineVersioned that are not of the documented shape (a programming error). */
export class OptionsError extends Error {
  readonly code = 'EOPTIONS' as const;
  /** The option at fault, e.g. `"schema"` or `"migrations[2].up"`. */
  readonly option: string;

  constructor(option: string, expected: string, found: unknown) {
    super(`schema-migration: expected ${option} to be ${expected}, found ${describe(found)}`);
    this.name = 'OptionsError';
    this.option = option;
  }
}

/** What a migration threw, for an error message: never throws itself, whatever was thrown. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return inspect(error, { depth: 0, breakLength: Number.POSITIVE_INFINITY });
}

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
