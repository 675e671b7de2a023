import { InvalidNameError } from './errors.js';

/** What a name names; each has the same rules. */
export type NameKind = 'namespace' | 'key' | 'checkpoint' | 'session' | 'batch' | 'item';

/** Longest name accepted, in characters. */
export const MAX_NAME_LENGTH = 200;

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Throws InvalidNameError unless `name` is a non-empty string of at most 200
 * characters with no `/`, `\`, NUL or other control character, is not `.` or
 * `..` and has no `..`, does not start with `.` or `~`, has no surrounding
 * whitespace, and is not `__proto__`, `constructor` or `prototype`.
 */
export function assertName(what: NameKind, name: unknown): asserts name is string {
  const fail = (rule: string): never => {
    throw new InvalidNameError(what, name, rule);
  };
  if (typeof name !== 'string') fail('a string');
  const s = name as string;
  if (s.length === 0) fail('not empty');
  if (s.length > MAX_NAME_LENGTH) fail(`at most ${MAX_NAME_LENGTH} characters`);
  if (s.includes('/')) fail('no "/"');
  if (s.includes('\\')) fail('no "\\"');
  if (s.includes('\0')) fail('no NUL character');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(s)) fail('no control characters');
  if (s.includes('..')) fail('no ".."');
  if (s.startsWith('.')) fail('not starting with "."');
  if (s.startsWith('~')) fail('not starting with "~"');
  if (s.trim() !== s) fail('no leading or trailing whitespace');
  if (RESERVED.has(s)) fail('not __proto__, constructor or prototype');
  if (/^\s*$/.test(s)) fail('not only whitespace');
}

/** `assertName` for every element. */
export function assertNames(what: NameKind, names: readonly unknown[]): asserts names is string[] {
  for (const n of names) assertName(what, n);
}
