import { InvalidValueError } from './errors.js';
import type { JsonValue } from './types.js';

/**
 * Throws InvalidValueError unless `value` is plain JSON: null, booleans, finite
 * numbers, strings, arrays (no holes) and plain objects (prototype Object or
 * null, no symbol keys, no accessors), without cycles.
 *
 * A fast pass with no path bookkeeping checks the value (about the cost of one
 * `JSON.stringify`); only when it fails does a second pass find the offending path.
 */
export function assertJson(value: unknown, path = '$'): asserts value is JsonValue {
  if (isJson(value, [], 0)) return;
  check(value, path, new Set());
  throw new InvalidValueError(path, 'a value that is not JSON'); // unreachable: check() names the place
}

/** Ancestors are kept in an array (cheaper than a Set at usual depths) to detect cycles. */
function isJson(value: unknown, ancestors: object[], depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  for (let i = 0; i < depth; i++) if (ancestors[i] === value) return false;
  ancestors[depth] = value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || !isJson(value[i], ancestors, depth + 1)) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const d = Object.getOwnPropertyDescriptor(value, keys[i] as string) as PropertyDescriptor;
    if (d.get || d.set || !isJson(d.value, ancestors, depth + 1)) return false;
  }
  return true;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'number') return String(value);
  const proto = Object.getPrototypeOf(value);
  const ctor = proto?.constructor?.name;
  return ctor ? `a ${ctor}` : 'an object with an unusual prototype';
}

function check(value: unknown, path: string, stack: Set<object>): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidValueError(path, describe(value));
    return;
  }
  if (typeof value !== 'object') throw new InvalidValueError(path, describe(value));
  if (stack.has(value)) throw new InvalidValueError(path, 'a cycle');
  stack.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new InvalidValueError(`${path}[${i}]`, 'a hole in a sparse array');
      check(value[i], `${path}[${i}]`, stack);
    }
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new InvalidValueError(path, describe(value));
    if (Object.getOwnPropertySymbols(value).length > 0)
      throw new InvalidValueError(path, 'an object with symbol keys');
    const descriptors = Object.getOwnPropertyDescriptors(value);
    for (const k of Object.keys(descriptors)) {
      const d = descriptors[k] as PropertyDescriptor;
      const at = `${path}${/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`}`;
      if (d.get || d.set) throw new InvalidValueError(at, 'an accessor property');
      check(d.value, at, stack);
    }
  }
  stack.delete(value);
}

/** A deep copy of a JSON value (so callers cannot mutate what a backend holds). */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
