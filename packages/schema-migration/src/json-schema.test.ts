import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineVersioned } from './versioned.ts';

const settings = defineVersioned({
  name: 'settings',
  version: '3.0.0',
  schema: z
    .strictObject({
      theme: z.enum(['dark', 'light']).describe('Colour theme'),
      fontSize: z.number().int().default(14),
      lastOpened: z.date().optional(),
    })
    .meta({ id: 'Settings', description: 'Editor settings' }),
  defaults: () => ({ theme: 'dark' as const }),
});

describe('toJSONSchema', () => {
  it('describes the stored document, schemaVersion first and required', () => {
    const json = settings.toJSONSchema();
    expect(json).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'settings',
      description: 'Editor settings',
      type: 'object',
      additionalProperties: false,
      required: ['schemaVersion', 'theme'],
      properties: {
        schemaVersion: { type: 'string', const: '3.0.0' },
        theme: { type: 'string', enum: ['dark', 'light'], description: 'Colour theme' },
        fontSize: { type: 'integer', default: 14 },
        lastOpened: {},
      },
    });
    expect(Object.keys(json)[0]).toBe('$schema');
    expect(Object.keys(json.properties as object)[0]).toBe('schemaVersion');
    expect(json).not.toHaveProperty('$ref');
  });

  it('accepts what serialize writes and rejects another version', () => {
    // zod's JSON Schema reader as an independent validator of the exported schema
    const check = z.fromJSONSchema(settings.toJSONSchema() as never);
    const stored = settings.serialize(settings.defaults());
    expect(check.safeParse(stored).success).toBe(true);
    expect(check.safeParse({ ...stored, schemaVersion: '2.0.0' }).success).toBe(false);
    expect(check.safeParse({ theme: 'dark' }).success).toBe(false);
  });

  it('returns a fresh copy each call', () => {
    const a = settings.toJSONSchema();
    (a.properties as Record<string, unknown>).schemaVersion = 'changed';
    expect((settings.toJSONSchema().properties as Record<string, unknown>).schemaVersion).toMatchObject({
      const: '3.0.0',
    });
  });

  it('leaves out the title when no name was given', () => {
    const v = defineVersioned({
      version: '1.0.0',
      schema: z.object({ a: z.string() }),
      defaults: () => ({ a: '' }),
    });
    expect(v.toJSONSchema()).not.toHaveProperty('title');
    expect(v.toJSONSchema().required).toEqual(['schemaVersion', 'a']);
  });
});
