import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MigrationError } from './migration-error.ts';
import type { Migration } from './options.ts';
import { compareVersions } from './semver.ts';
import { defineVersioned } from './versioned.ts';

type Edge = { from: string; to: string };

/** Reachability by breadth-first search over all edges: the simple reference. */
function path(edges: readonly Edge[], from: string, target: string): Edge[] | undefined {
  const parent = new Map<string, Edge | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === target) {
      const steps: Edge[] = [];
      for (let e = parent.get(at); e; e = parent.get(e.from)) steps.unshift(e);
      return steps;
    }
    for (const e of edges) {
      if (e.from === at && !parent.has(e.to)) {
        parent.set(e.to, e);
        queue.push(e.to);
      }
    }
  }
  return undefined;
}
const reaches = (edges: readonly Edge[], from: string, to: string) => path(edges, from, to) !== undefined;

/** Which define-time reason the reference expects (same precedence as documented), if any. */
function expectedDefineError(edges: readonly Edge[], current: string) {
  const froms = edges.map((e) => e.from);
  if (new Set(froms).size !== froms.length) return 'duplicate';
  if (edges.some((e) => reaches(edges, e.to, e.from))) return 'cycle';
  if (edges.some((e) => compareVersions(e.to, e.from) < 0)) return 'downgrade';
  if (edges.some((e) => !reaches(edges, e.to, current))) return 'gap';
  return undefined;
}

const graphCase = fc
  .uniqueArray(fc.tuple(fc.nat(3), fc.nat(12), fc.nat(3)), {
    minLength: 2,
    maxLength: 6,
    selector: (t) => t.join('.'),
  })
  .map((parts) => parts.map((t) => t.join('.')).sort(compareVersions))
  .chain((pool) => {
    const index = fc.nat(pool.length - 1);
    const anyEdges = fc.array(fc.tuple(index, index), { maxLength: 7 });
    // mostly one edge per version, so cycles, downgrades, gaps and valid graphs all show up often
    const oneEach = fc.array(fc.option(index, { freq: 2 }), {
      minLength: pool.length,
      maxLength: pool.length,
    });
    const oneEachUp = oneEach.map((targets) =>
      targets.map((t, i) => (t === null ? null : Math.min(pool.length - 1, i + 1 + (t % 2)))),
    );
    const pairs = fc.oneof(
      anyEdges,
      oneEach.map((ts) => ts.flatMap((t, i): Array<[number, number]> => (t === null ? [] : [[i, t]]))),
      oneEachUp.map((ts) =>
        ts.flatMap((t, i): Array<[number, number]> => (t === null || t === i ? [] : [[i, t]])),
      ),
    );
    const anyGraph = fc.record({ pairs, current: index });
    // A valid chain up to the current version through some of the versions below it, as
    // real migration lists are: multi-step routes, and a gap for the versions it skips.
    // Sometimes one extra random edge is added, which may break it (or not).
    const chainToCurrent = fc
      .record({
        current: fc.oneof(fc.constant(pool.length - 1), fc.integer({ min: 1, max: pool.length - 1 })),
        stops: fc.array(
          fc.nat(5).map((n) => n > 0),
          {
            minLength: pool.length,
            maxLength: pool.length,
          },
        ),
        extra: fc.oneof(
          { arbitrary: fc.constant(null), weight: 3 },
          { arbitrary: fc.tuple(index, index), weight: 1 },
        ),
      })
      .map(({ current, stops, extra }) => {
        const path = [...pool.keys()].filter((i) => i < current && stops[i]);
        path.push(current);
        const chained = path.slice(1).map((to, k): [number, number] => [path[k]!, to]);
        return { pairs: extra ? [...chained, extra] : chained, current };
      });
    return fc
      .oneof({ arbitrary: anyGraph, weight: 1 }, { arbitrary: chainToCurrent, weight: 2 })
      .map(({ pairs: ps, current }) => ({
        pool,
        edges: ps.map(([a, b]) => ({ from: pool[a]!, to: pool[b]! })),
        current: pool[current]!,
      }));
  });

describe('migration graphs (property, against a reachability reference)', () => {
  it('rejects duplicates, cycles, downgrades and dead ends at define time, gaps and newer docs at parse time', () => {
    const numRuns = 500;
    let valid = 0;
    let multiStep = 0;
    fc.assert(
      fc.property(graphCase, ({ pool, edges, current }) => {
        const migrations: Migration[] = edges.map((e) => ({
          ...e,
          up: (doc) => ({ log: [...(doc.log as string[]), `${e.from}->${e.to}`] }),
        }));
        const define = () =>
          defineVersioned({
            version: current,
            schema: z.object({ log: z.array(z.string()) }),
            migrations,
            defaults: () => ({ log: [] }),
          });
        const expected = expectedDefineError(edges, current);
        if (expected !== undefined) {
          let thrown: unknown;
          try {
            define();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(MigrationError);
          const err = thrown as MigrationError;
          expect(err.reason).toBe(expected);
          const edge = { from: err.from!, to: err.to! };
          expect(edges).toContainEqual(edge);
          if (expected === 'duplicate')
            expect(edges.filter((e) => e.from === edge.from).length).toBeGreaterThan(1);
          if (expected === 'cycle') expect(reaches(edges, edge.to, edge.from)).toBe(true);
          if (expected === 'downgrade') expect(compareVersions(edge.to, edge.from)).toBeLessThan(0);
          if (expected === 'gap') expect(reaches(edges, edge.to, current)).toBe(false);
          return;
        }
        const versioned = define();
        valid += 1;
        if (pool.some((version) => (path(edges, version, current)?.length ?? 0) >= 2)) multiStep += 1;
        const last = pool[pool.length - 1]!;
        const newer = `${Number(last.split('.')[0]) + 1}.0.0`;
        for (const version of [...pool, newer]) {
          const raw = { schemaVersion: version, log: [] };
          const route = path(edges, version, current);
          if (compareVersions(version, current) > 0) {
            expect(() => versioned.parse(raw)).toThrow(
              expect.objectContaining({ reason: 'newer', from: version }),
            );
          } else if (route === undefined) {
            expect(() => versioned.parse(raw)).toThrow(
              expect.objectContaining({ reason: 'gap', from: version }),
            );
          } else {
            const result = versioned.parse(raw);
            expect(result.value.log).toEqual(route.map((e) => `${e.from}->${e.to}`));
            expect(result.migrated).toBe(route.length > 0);
          }
          expect(raw).toEqual({ schemaVersion: version, log: [] });
        }
      }),
      { numRuns },
    );
    // the generator reaches what matters: valid graphs, many of them with routes of 2+ steps
    console.log('STATS', valid, multiStep);
    expect(valid).toBeGreaterThan(numRuns / 3);
    expect(multiStep).toBeGreaterThan(numRuns / 5);
  });
});
