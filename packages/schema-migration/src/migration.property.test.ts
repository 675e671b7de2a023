import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MigrationError } from './migration-error.ts';
import type { Migration } from './options.ts';
import { compareVersions } from './semver.ts';
import { defineVersioned } from './versioned.ts';

/** n distinct exact versions, ascending (two-digit parts so "1.10.0" > "1.9.0" matters). */
const versions = (minLength: number, maxLength: number) =>
  fc
    .uniqueArray(fc.tuple(fc.nat(12), fc.nat(12), fc.nat(12)), {
      minLength,
      maxLength,
      selector: (t) => t.join('.'),
    })
    .map((parts) => parts.map((t) => t.join('.')).sort(compareVersions));

type FieldType = 'number' | 'string';
type Op =
  | { kind: 'add'; key: string; value: number | string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'remove'; key: string };
const opSeed = fc.record({
  kind: fc.constantFrom('add', 'rename', 'remove'),
  pick: fc.nat(),
  type: fc.constantFrom<FieldType>('number', 'string'),
  // values never decide a failure's shape: not shrinking them keeps a counterexample quick to find
  num: fc.noShrink(fc.integer()),
  str: fc.noShrink(fc.string()),
  inPlace: fc.boolean(),
});

/** A random chain: the fields at each version, the edge ops, and documents for every version. */
const chainCase = fc
  .record({
    versions: versions(1, 7),
    initial: fc.array(fc.constantFrom<FieldType>('number', 'string'), { maxLength: 3 }),
    seeds: fc.array(opSeed, { minLength: 6, maxLength: 6 }),
    nums: fc.noShrink(fc.array(fc.integer(), { minLength: 12, maxLength: 12 })),
    strs: fc.noShrink(fc.array(fc.string(), { minLength: 12, maxLength: 12 })),
    log: fc.noShrink(fc.array(fc.string(), { maxLength: 3 })),
    start: fc.nat(),
  })
  .map((c) => {
    let fresh = 0;
    let fields: Array<[string, FieldType]> = c.initial.map((t) => [`f${fresh++}`, t]);
    const fieldsAt: Array<Array<[string, FieldType]>> = [fields];
    const ops: Op[] = [];
    for (const seed of c.seeds.slice(0, c.versions.length - 1)) {
      const picked = fields[seed.pick % Math.max(1, fields.length)];
      if (seed.kind === 'add' || !picked) {
        const key = `f${fresh++}`;
        ops.push({ kind: 'add', key, value: seed.type === 'number' ? seed.num : seed.str });
        fields = [...fields, [key, seed.type]];
      } else if (seed.kind === 'rename') {
        const to = `f${fresh++}`;
        ops.push({ kind: 'rename', from: picked[0], to });
        fields = fields.map(([k, t]) => (k === picked[0] ? [to, t] : [k, t]));
      } else {
        ops.push({ kind: 'remove', key: picked[0] });
        fields = fields.filter(([k]) => k !== picked[0]);
      }
      fieldsAt.push(fields);
    }
    const start = c.start % c.versions.length;
    const doc: Record<string, unknown> = { log: c.log };
    fieldsAt[start]!.forEach(([k, t], i) => {
      doc[k] = t === 'number' ? c.nums[i] : c.strs[i];
    });
    return { ...c, ops, fieldsAt, start, doc, inPlace: c.seeds.map((s) => s.inPlace) };
  });

/** The reference: what applying ops[start..] to a document yields. */
function applyOps(
  doc: Record<string, unknown>,
  ops: readonly Op[],
  versions: readonly string[],
  start: number,
) {
  const out: Record<string, unknown> = structuredClone(doc);
  for (let i = start; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.kind === 'add') out[op.key] = op.value;
    else if (op.kind === 'rename') {
      out[op.to] = out[op.from];
      delete out[op.from];
    } else delete out[op.key];
    (out.log as string[]).push(`${versions[i]}->${versions[i + 1]}`);
  }
  return out;
}

/** The edge functions under test, some mutating their argument, one optionally throwing half way. */
function edges(ops: readonly Op[], versions: readonly string[], inPlace: readonly boolean[], failAt = -1) {
  return ops.map((op, i): Migration & { error: Error } => {
    const error = new Error(`step ${i} exploded`);
    return {
      from: versions[i]!,
      to: versions[i + 1]!,
      error,
      up: (arg) => {
        const doc = inPlace[i] ? arg : { ...arg, log: [...(arg.log as string[])] };
        (doc.log as string[]).push(`${versions[i]}->${versions[i + 1]}`);
        if (op.kind === 'add') doc[op.key] = op.value;
        else if (op.kind === 'rename') {
          doc[op.to] = doc[op.from];
          delete doc[op.from];
        } else delete doc[op.key];
        if (i === failAt) throw error;
        return doc;
      },
    };
  });
}

function finalSchema(fields: ReadonlyArray<[string, FieldType]>) {
  const shape: Record<string, z.ZodType> = { log: z.array(z.string()) };
  for (const [k, t] of fields) shape[k] = t === 'number' ? z.number() : z.string();
  return z.strictObject(shape);
}

describe('migration chains (property)', () => {
  it('from any version of a valid chain, parse yields what the steps produce and the schema accepts', () => {
    fc.assert(
      fc.property(chainCase, (c) => {
        const schema = finalSchema(c.fieldsAt[c.fieldsAt.length - 1]!);
        const v = defineVersioned({
          version: c.versions[c.versions.length - 1]!,
          schema,
          migrations: edges(c.ops, c.versions, c.inPlace).reverse(),
          defaults: () => ({ log: [] }) as never,
        });
        const raw = { schemaVersion: c.versions[c.start]!, ...structuredClone(c.doc) };
        const snapshot = structuredClone(raw);
        const result = v.parse(raw);
        expect(schema.safeParse(result.value).success).toBe(true);
        expect(result.value).toEqual(applyOps(c.doc, c.ops, c.versions, c.start));
        expect(result.from).toBe(c.versions[c.start]);
        expect(result.migrated).toBe(c.start < c.ops.length);
        expect(raw).toEqual(snapshot);
      }),
      { numRuns: 300 },
    );
  });

  it('a step that throws leaves the input untouched and is named in a step-failed error', () => {
    const failing = chainCase
      .filter((c) => c.ops.length > 0)
      .chain((c) => fc.nat(c.ops.length - 1).map((failAt) => ({ ...c, failAt })));
    fc.assert(
      fc.property(failing, (c) => {
        const list = edges(c.ops, c.versions, c.inPlace, c.failAt);
        const v = defineVersioned({
          version: c.versions[c.versions.length - 1]!,
          schema: finalSchema(c.fieldsAt[c.fieldsAt.length - 1]!),
          migrations: list,
          defaults: () => ({ log: [] }) as never,
        });
        const raw = { schemaVersion: c.versions[c.start]!, ...structuredClone(c.doc) };
        const snapshot = structuredClone(raw);
        let thrown: unknown;
        try {
          v.parse(raw);
        } catch (error) {
          thrown = error;
        }
        expect(raw).toEqual(snapshot);
        if (c.start > c.failAt) {
          expect(thrown).toBeUndefined();
          return;
        }
        const edge = list[c.failAt]!;
        expect(thrown).toBeInstanceOf(MigrationError);
        expect(thrown).toMatchObject({
          code: 'EMIGRATION',
          reason: 'step-failed',
          from: edge.from,
          to: edge.to,
        });
        expect((thrown as Error).cause).toBe(edge.error);
        expect((thrown as Error).message).toContain(`${edge.from} -> ${edge.to}`);
      }),
      { numRuns: 300 },
    );
  });
});
