import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineVersioned } from './versioned.ts';

// Libraries that care about bundle size and start-up time use zod/mini; the
// same document definition must work with it as with classic zod.
describe('a zod/mini schema', () => {
  const counter = defineVersioned({
    name: 'counter',
    version: '2.0.0',
    schema: z.object({ count: z.number(), label: z.optional(z.string()) }),
    migrations: [{ from: '1.0.0', to: '2.0.0', up: (doc) => ({ count: Number(doc.n) }) }],
    defaults: () => ({ count: 0 }),
  });

  it('migrates, validates and serializes', () => {
    const { value, from, migrated } = counter.parse({ schemaVersion: '1.0.0', n: '41' });
    expect({ value, from, migrated }).toEqual({ value: { count: 41 }, from: '1.0.0', migrated: true });
    expect(counter.serialize({ count: 42 })).toEqual({ schemaVersion: '2.0.0', count: 42 });
  });

  it('rejects an invalid document with the path of the issue', () => {
    expect(() => counter.parse({ schemaVersion: '2.0.0', count: 'many' })).toThrow(/count:/);
  });

  it('exports a JSON Schema', () => {
    expect(counter.toJSONSchema()).toMatchObject({
      required: ['schemaVersion', 'count'],
      properties: { schemaVersion: { const: '2.0.0' }, count: { type: 'number' } },
    });
  });
});
