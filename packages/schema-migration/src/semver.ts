/**
 * Exact semantic versions, `major.minor.patch`, nothing else.
 *
 * Migrations are edges between exact versions, so this package needs only to
 * recognise an exact version, order two of them, and tell a range ("^1.0.0",
 * "1.x", ">=1") apart from garbage so the error can say which it is. That is a
 * dozen lines, not worth a dependency.
 */

/** A parsed exact version. */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const EXACT = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
/** Operators, x-ranges, partial versions, hyphen ranges and unions of the semver range grammar. */
const RANGE = /^\s*(?:[~^<>=]|\*\s*$)|\|\||\s-\s|^\s*v?(?:\d+|[xX*])(?:\.(?:\d+|[xX*]))?(?:\.(?:[xX*]))?\s*$/;

/** What a version string is: an exact version, a range, or neither. */
export type VersionKind = 'exact' | 'range' | 'invalid';

/** Parses `"x.y.z"` (no prefix, prerelease or build); `undefined` for anything else. */
export function parseVersion(text: unknown): Version | undefined {
  if (typeof text !== 'string') return undefined;
  const match = EXACT.exec(text);
  if (!match) return undefined;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { major, minor, patch };
}

/** Classifies a version string, so an error can say "a range" rather than "invalid". */
export function versionKind(text: unknown): VersionKind {
  if (parseVersion(text)) return 'exact';
  if (typeof text === 'string' && RANGE.test(text)) return 'range';
  return 'invalid';
}

/** `true` for an exact `"x.y.z"` version. */
export function isExactVersion(text: unknown): text is string {
  return parseVersion(text) !== undefined;
}

/**
 * Orders two exact versions: negative when `a < b`, 0 when equal, positive when `a > b`.
 * @throws TypeError when either is not an exact version.
 */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) {
    throw new TypeError(
      `schema-migration: expected two exact "x.y.z" versions, found ${JSON.stringify(a)} and ${JSON.stringify(b)}`,
    );
  }
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}
