import { MigrationError } from './migration-error.ts';
import type { Migration } from './options.ts';
import { describe } from './options-error.ts';
import { compareVersions, versionKind } from './semver.ts';

/** The checked migration graph: at most one edge leaves each version, and every edge leads to `version`. */
export interface MigrationPlan {
  /** The current version. */
  readonly version: string;
  /**
   * The steps that take a document at `from` to the current version, in order
   * (empty when `from` is current).
   * @throws MigrationError `newer` when `from` is above the current version, `gap` when no path leads on.
   */
  stepsFrom(from: string): readonly Migration[];
}

/**
 * Checks everything that can be checked before a document is seen, in this
 * order: version syntax (range, invalid-version), duplicate, cycle, downgrade,
 * then dead ends (gap). Throws the first MigrationError found.
 */
export function planMigrations(
  version: string,
  migrations: readonly Migration[],
  legacyVersion: string | undefined,
  name: string,
): MigrationPlan {
  assertExact(version, `the current version of the ${name}`);
  if (legacyVersion !== undefined) assertExact(legacyVersion, `legacyVersion of the ${name}`);
  migrations.forEach((edge, i) => {
    assertExact(edge.from, `migrations[${i}].from`, edge);
    assertExact(edge.to, `migrations[${i}].to`, edge);
  });

  const next = new Map<string, Migration>();
  for (const edge of migrations) {
    const earlier = next.get(edge.from);
    if (earlier) {
      throw new MigrationError(
        'duplicate',
        `expected at most one migration from ${edge.from}, found ${arrow(earlier)} and ${arrow(edge)}`,
        { from: edge.from, to: edge.to },
      );
    }
    next.set(edge.from, edge);
  }

  assertNoCycle(next);

  for (const edge of migrations) {
    if (compareVersions(edge.to, edge.from) < 0) {
      throw new MigrationError(
        'downgrade',
        `expected migration ${arrow(edge)} to go up to a higher version, found a downgrade`,
        { from: edge.from, to: edge.to },
      );
    }
  }

  for (const edge of migrations) {
    const end = endOfChain(next, edge.to, version);
    if (end === version) continue;
    const found =
      compareVersions(end, version) > 0
        ? `it leads to ${end}, past the current version`
        : `it stops at ${end}, which no migration leaves`;
    throw new MigrationError(
      'gap',
      `expected migration ${arrow(edge)} to lead to the current version ${version}, found ${found}`,
      { from: edge.from, to: edge.to },
    );
  }

  if (legacyVersion !== undefined && legacyVersion !== version) {
    if (compareVersions(legacyVersion, version) > 0) {
      throw new MigrationError(
        'newer',
        `expected legacyVersion ${legacyVersion} to be at most the current version ${version}, found it newer`,
        { from: legacyVersion, to: version },
      );
    }
    if (!next.has(legacyVersion)) throw gapAt(legacyVersion, version, next, `legacyVersion ${legacyVersion}`);
  }

  const paths = new Map<string, readonly Migration[]>();
  return {
    version,
    stepsFrom(from) {
      const order = compareVersions(from, version);
      if (order === 0) return [];
      if (order > 0) {
        throw new MigrationError(
          'newer',
          `expected a ${name} at version ${version} or older, found ${from}: it was written by newer code ` +
            'and is left untouched (upgrade this program to read it)',
          { from, to: version },
        );
      }
      let steps = paths.get(from);
      if (!steps) {
        if (!next.has(from)) throw gapAt(from, version, next, `a ${name} at version ${from}`);
        steps = chain(next, from, version);
        paths.set(from, steps);
      }
      return steps;
    },
  };
}

function arrow(edge: Migration): string {
  return `${edge.from} -> ${edge.to}`;
}

function assertExact(text: unknown, what: string, edge?: Migration): void {
  const kind = versionKind(text);
  if (kind === 'exact') return;
  const details = edge && { from: String(edge.from), to: String(edge.to) };
  if (kind === 'range') {
    throw new MigrationError(
      'range',
      `expected ${what} to be an exact "x.y.z" version, found the range ${describe(text)} ` +
        '(a migration is one exact step; ranges match versions nobody wrote yet)',
      details,
    );
  }
  throw new MigrationError(
    'invalid-version',
    `expected ${what} to be an exact "x.y.z" version, found ${describe(text)}`,
    details,
  );
}

/** With at most one edge per version, a cycle is a walk that comes back to a version on itself. */
function assertNoCycle(next: ReadonlyMap<string, Migration>): void {
  const done = new Set<string>();
  for (const start of next.keys()) {
    const onPath: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && !done.has(at)) {
      const back = onPath.indexOf(at);
      if (back >= 0) {
        const loop = [...onPath.slice(back), at];
        const closing = next.get(onPath[onPath.length - 1]!)!;
        throw new MigrationError('cycle', `expected migrations without a cycle, found ${loop.join(' -> ')}`, {
          from: closing.from,
          to: closing.to,
        });
      }
      onPath.push(at);
      at = next.get(at)?.to;
    }
    for (const v of onPath) done.add(v);
  }
}

/** Follows edges from `at` until `version` or a version no edge leaves (the graph has no cycle). */
function endOfChain(next: ReadonlyMap<string, Migration>, at: string, version: string): string {
  let here = at;
  for (let edge = next.get(here); here !== version && edge; edge = next.get(here)) here = edge.to;
  return here;
}

function chain(next: ReadonlyMap<string, Migration>, from: string, version: string): Migration[] {
  const steps: Migration[] = [];
  for (let at = from; at !== version; ) {
    const edge = next.get(at)!;
    steps.push(edge);
    at = edge.to;
  }
  return steps;
}

function gapAt(from: string, version: string, next: ReadonlyMap<string, Migration>, what: string) {
  const leaving = [...next.keys()];
  const known = leaving.length === 0 ? 'no migrations are defined' : `migrations leave ${leaving.join(', ')}`;
  return new MigrationError(
    'gap',
    `expected a migration path from ${from} to the current version ${version} for ${what}, found none (${known})`,
    { from, to: version },
  );
}
