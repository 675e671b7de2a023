import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineVersioned } from './versioned.ts';

describe('serialize with a one-way .transform()', () => {
  // zod cannot encode through a transform: serialize validates the value as it is instead
  const tags = defineVersioned({
    name: 'tags',
    version: '2.0.0',
    schema: z.object({
      tag: z.string().transform((s) => s.trim().toLowerCase()),
      count: z.number().int(),
    }),
    defaults: () => ({ tag: 'none', count: 0 }),
  });

  it('still writes the document, schemaVersion first, and it parses back to the same value', () => {
    const { value } = tags.parse({ schemaVersion: '2.0.0', tag: '  Urgent ', count: 3 });
    expect(value).toEqual({ tag: 'urgent', count: 3 });
    const stored = tags.serialize(value);
    expect(stored).toEqual({ schemaVersion: '2.0.0', tag: 'urgent', count: 3 });
    expect(Object.keys(stored)[0]).toBe('schemaVersion');
    expect(tags.parse(JSON.parse(JSON.stringify(stored))).value).toEqual(value);
  });

  it('still rejects an invalid value with EVALIDATION', () => {
    expect(() => tags.serialize({ tag: 'x', count: 1.5 })).toThrow(
      expect.objectContaining({ code: 'EVALIDATION', version: '2.0.0' }),
    );
  });
});
