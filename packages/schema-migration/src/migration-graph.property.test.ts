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
    return fc.record({
      pool: fc.constant(pool),
      edges: pairs.map((ps) => ps.map(([a, b]) => ({ from: pool[a]!, to: pool[b]! }))),
      current: index.map((i) => pool[i]!),
    });
  });

describe('migration graphs (property, against a reachability reference)', () => {
  it('rejects duplicates, cycles, downgrades and dead ends at define time, gaps and newer docs at parse time', () => {
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
      { numRuns: 500 },
    );
  });
});
