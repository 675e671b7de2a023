import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MigrationError } from './migration-error.ts';
import { OptionsError } from './options-error.ts';
import { ValidationError } from './validation-error.ts';
import { defineVersioned, type Versioned } from './versioned.ts';

// v1 { theme: 'dark' | 'light', fontSize }  ->  v2 renames fontSize to editor.fontSize
// ->  v3 adds telemetry (default false) and turns theme into { name }
const schema = z.object({
  theme: z.object({ name: z.enum(['dark', 'light']) }),
  editor: z.object({ fontSize: z.number().int().min(6).max(72) }),
  telemetry: z.boolean().default(false),
});
type Settings = z.output<typeof schema>;

function settings(extra: { legacyVersion?: string; failAt?: string } = {}): Versioned<Settings> {
  return defineVersioned({
    name: 'settings',
    version: '3.0.0',
    schema,
    legacyVersion: extra.legacyVersion,
    defaults: () => ({ theme: { name: 'dark' as const }, editor: { fontSize: 14 } }),
    migrations: [
      {
        from: '1.0.0',
        to: '2.0.0',
        up: ({ fontSize, ...doc }) => {
          if (extra.failAt === '1.0.0') throw new Error('disk on fire');
          return { ...doc, editor: { fontSize } };
        },
      },
      {
        from: '2.0.0',
        to: '3.0.0',
        up: (doc) => {
          doc.theme = { name: doc.theme }; // mutates its argument on purpose
          if (extra.failAt === '2.0.0') throw new Error('half way');
          return doc;
        },
      },
    ],
  });
}

const v1 = () => ({ schemaVersion: '1.0.0', theme: 'light', fontSize: 12 });

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parse', () => {
  it('migrates v1 -> v2 -> v3 and validates the result', () => {
    const raw = v1();
    const result = settings().parse(raw);
    expect(result).toEqual({
      value: { theme: { name: 'light' }, editor: { fontSize: 12 }, telemetry: false },
      from: '1.0.0',
      migrated: true,
      legacy: false,
    });
    expect(raw).toEqual(v1());
  });

  it('returns a current document unmigrated', () => {
    const raw = {
      schemaVersion: '3.0.0',
      theme: { name: 'dark' },
      editor: { fontSize: 20 },
      telemetry: true,
    };
    const result = settings().parse(raw);
    expect(result).toMatchObject({ from: '3.0.0', migrated: false, legacy: false });
    expect(result.value).toEqual({ theme: { name: 'dark' }, editor: { fontSize: 20 }, telemetry: true });
    result.value.theme.name = 'light';
    expect(raw.theme.name).toBe('dark');
  });

  it('validates after the last step, not before (a v1 doc is not valid v3)', () => {
    // conf/electron-store validate the old document against the new schema first and fail here.
    expect(() => schema.parse(v1())).toThrow();
    expect(settings().parse(v1()).migrated).toBe(true);
  });

  it('refuses a document newer than the code, leaving it untouched', () => {
    const raw = { schemaVersion: '4.1.0', theme: { name: 'dark' }, future: [1, 2] };
    const err = caught(() => settings().parse(raw)) as MigrationError;
    expect(err).toBeInstanceOf(MigrationError);
    expect(err).toMatchObject({ code: 'EMIGRATION', reason: 'newer', from: '4.1.0', to: '3.0.0' });
    expect(err.message).toMatch(
      /^schema-migration: expected a settings at version 3\.0\.0 or older, found 4\.1\.0/,
    );
    expect(raw).toEqual({ schemaVersion: '4.1.0', theme: { name: 'dark' }, future: [1, 2] });
  });

  it('reports a gap when no edge leaves the document version', () => {
    const err = caught(() => settings().parse({ schemaVersion: '1.5.0' })) as MigrationError;
    expect(err).toMatchObject({ reason: 'gap', from: '1.5.0', to: '3.0.0' });
    expect(err.message).toContain('migrations leave 1.0.0, 2.0.0');
  });

  it('refuses a document without schemaVersion unless legacyVersion is set', () => {
    const legacy = { theme: 'dark', fontSize: 9 };
    expect(caught(() => settings().parse(legacy))).toMatchObject({ reason: 'missing-version', to: '3.0.0' });
    const result = settings({ legacyVersion: '1.0.0' }).parse(legacy);
    expect(result).toMatchObject({ from: '1.0.0', migrated: true, legacy: true });
    expect(result.value.editor.fontSize).toBe(9);
  });

  it('refuses a schemaVersion that is not an exact version', () => {
    for (const bad of ['^1.0.0', '1.0', 1, null, 'latest']) {
      expect(caught(() => settings().parse({ ...v1(), schemaVersion: bad }))).toMatchObject({
        reason: 'invalid-version',
      });
    }
  });

  it('names the failing edge and keeps the thrown error as cause; the input is untouched', () => {
    for (const failAt of ['1.0.0', '2.0.0']) {
      const raw = v1();
      const err = caught(() => settings({ failAt }).parse(raw)) as MigrationError;
      expect(err).toMatchObject({ code: 'EMIGRATION', reason: 'step-failed', from: failAt });
      expect(err.message).toContain(`migration ${failAt} -> `);
      expect((err.cause as Error).message).toBe(failAt === '1.0.0' ? 'disk on fire' : 'half way');
      expect(raw).toEqual(v1());
    }
  });

  it('never mutates nested input data, even when a step mutates it in place and then fails', () => {
    const fail = { now: false };
    const v = defineVersioned({
      version: '2.0.0',
      schema: z.object({ tags: z.array(z.string()), meta: z.object({ n: z.number() }) }),
      defaults: () => ({ tags: [], meta: { n: 0 } }),
      migrations: [
        {
          from: '1.0.0',
          to: '2.0.0',
          up: (doc) => {
            (doc.tags as string[]).push('migrated');
            (doc.meta as { n: number }).n += 1;
            if (fail.now) throw new Error('after mutating');
            return doc;
          },
        },
      ],
    });
    const raw = { schemaVersion: '1.0.0', tags: ['a'], meta: { n: 1 } };
    expect(v.parse(raw).value).toEqual({ tags: ['a', 'migrated'], meta: { n: 2 } });
    fail.now = true;
    expect(() => v.parse(raw)).toThrow(expect.objectContaining({ reason: 'step-failed' }));
    expect(raw).toEqual({ schemaVersion: '1.0.0', tags: ['a'], meta: { n: 1 } });
  });

  it('names what a step threw, even a value String() cannot convert', () => {
    const thrown = Object.create(null);
    const v = defineVersioned({
      version: '2.0.0',
      schema: z.object({}),
      defaults: () => ({}),
      migrations: [
        {
          from: '1.0.0',
          to: '2.0.0',
          up: () => {
            throw thrown;
          },
        },
      ],
    });
    const err = caught(() => v.parse({ schemaVersion: '1.0.0' })) as MigrationError;
    expect(err).toBeInstanceOf(MigrationError);
    expect(err).toMatchObject({ reason: 'step-failed', from: '1.0.0', to: '2.0.0' });
    expect(err.cause).toBe(thrown);
    expect(err.message).toContain('to succeed, found it threw [Object: null prototype] {}');
  });

  it('treats a step that returns no object as failed', () => {
    const v = defineVersioned({
      version: '2.0.0',
      schema: z.object({}),
      defaults: () => ({}),
      migrations: [{ from: '1.0.0', to: '2.0.0', up: (doc) => void Object.assign(doc, { a: 1 }) }],
    });
    const err = caught(() => v.parse({ schemaVersion: '1.0.0' })) as MigrationError;
    expect(err).toMatchObject({ reason: 'step-failed', from: '1.0.0', to: '2.0.0' });
    expect(err.message).toContain('to return an object, found undefined');
  });

  it('gives each step a copy, so a returned shared object is never changed by a later step', () => {
    const shared = { list: [1] };
    const v = defineVersioned({
      version: '3.0.0',
      schema: z.object({ list: z.array(z.number()) }),
      defaults: () => ({ list: [] }),
      migrations: [
        { from: '1.0.0', to: '2.0.0', up: () => shared },
        {
          from: '2.0.0',
          to: '3.0.0',
          up: (doc) => {
            (doc.list as number[]).push(2);
            return doc;
          },
        },
      ],
    });
    expect(v.parse({ schemaVersion: '1.0.0' }).value).toEqual({ list: [1, 2] });
    expect(shared).toEqual({ list: [1] });
  });

  it('lists the first issues with their paths when the result is invalid', () => {
    const raw = { schemaVersion: '1.0.0', theme: 'blue', fontSize: 200 };
    const err = caught(() => settings().parse(raw)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'EVALIDATION', version: '3.0.0' });
    expect(err.issues.map((i) => i.path.join('.'))).toEqual(['theme.name', 'editor.fontSize']);
    expect(err.message).toMatch(
      /^schema-migration: expected a settings valid for version 3\.0\.0 after migrating from 1\.0\.0, found 2 issues: theme\.name: .+; editor\.fontSize: /,
    );
  });

  it('refuses a raw value that is not an object', () => {
    for (const raw of [null, [], 'text', 42, undefined]) {
      expect(caught(() => settings().parse(raw))).toMatchObject({ code: 'EVALIDATION' });
    }
  });
});

describe('serialize', () => {
  it('puts schemaVersion first and validates', () => {
    const v = settings();
    const value = v.parse(v1()).value;
    const out = v.serialize(value);
    expect(Object.keys(out)).toEqual(['schemaVersion', 'theme', 'editor', 'telemetry']);
    expect(JSON.stringify(out)).toMatch(/^\{"schemaVersion":"3\.0\.0",/);
    expect(v.parse(JSON.parse(JSON.stringify(out)))).toMatchObject({ value, migrated: false });
    const bad = { ...value, editor: { fontSize: 1 } };
    expect(caught(() => v.serialize(bad))).toMatchObject({ code: 'EVALIDATION', version: '3.0.0' });
  });

  it('writes a stale schemaVersion in the value over with the current one', () => {
    const v = defineVersioned({
      version: '2.0.0',
      schema: z.looseObject({ a: z.number() }),
      defaults: () => ({ a: 1 }),
    });
    const out = v.serialize({ a: 1, schemaVersion: '1.0.0' } as { a: number });
    expect(out).toEqual({ schemaVersion: '2.0.0', a: 1 });
    expect(Object.keys(out)[0]).toBe('schemaVersion');
  });

  it('encodes codecs back to their stored form', () => {
    const v = defineVersioned({
      version: '1.0.0',
      schema: z.object({
        at: z.codec(z.iso.datetime(), z.date(), {
          decode: (s) => new Date(s),
          encode: (d) => d.toISOString(),
        }),
      }),
      defaults: () => ({ at: '1970-01-01T00:00:00.000Z' }),
    });
    const value = v.parse({ schemaVersion: '1.0.0', at: '2024-05-01T10:00:00.000Z' }).value;
    expect(value.at).toBeInstanceOf(Date);
    expect(v.serialize(value)).toEqual({ schemaVersion: '1.0.0', at: '2024-05-01T10:00:00.000Z' });
  });
});

describe('defaults', () => {
  it('returns a fresh validated document each call', () => {
    const v = settings();
    const a = v.defaults();
    expect(a).toEqual({ theme: { name: 'dark' }, editor: { fontSize: 14 }, telemetry: false });
    a.editor.fontSize = 30;
    expect(v.defaults().editor.fontSize).toBe(14);
  });

  it('throws ValidationError for invalid defaults', () => {
    const v = defineVersioned({
      version: '1.0.0',
      schema: z.object({ n: z.number() }),
      defaults: () => ({ n: 'x' as never }),
    });
    const err = caught(() => v.defaults()) as ValidationError;
    expect(err).toMatchObject({ code: 'EVALIDATION' });
    expect(err.message).toContain('the defaults of the document');
  });
});

describe('options', () => {
  it('rejects options of the wrong shape with OptionsError', () => {
    const base = { version: '1.0.0', schema: z.object({}), defaults: () => ({}) };
    expect(caught(() => defineVersioned({ ...base, schema: z.string() } as never))).toMatchObject({
      code: 'EOPTIONS',
      option: 'schema',
    });
    expect(caught(() => defineVersioned({ ...base, defaults: {} as never }))).toBeInstanceOf(OptionsError);
    const err = caught(() =>
      defineVersioned({ ...base, migrations: [{ from: '0.1.0', to: '1.0.0', up: 'x' as never }] }),
    ) as OptionsError;
    expect(err.option).toBe('migrations[0].up');
    expect(err.message).toBe('schema-migration: expected migrations[0].up to be a function, found "x"');
  });
});
