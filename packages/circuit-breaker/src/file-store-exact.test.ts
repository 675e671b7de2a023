import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakerCodec } from './file-store-codec.js';
import { breakerDocument } from './file-store-document.js';
import { exactDocument } from './file-store-exact.js';

/** Any instant this code writes: years 0000..9999, millisecond precision. */
const iso = fc
  .integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') })
  .map((ms) => new Date(ms).toISOString());
const instant = fc.option(iso, { nil: null });
const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const count = fc.nat();

const hookEntry = fc.record({
  state: fc.constantFrom('closed', 'open', 'half_open', 'forced_open', 'disabled'),
  failure_count: count,
  consecutive_failures: count,
  consecutive_successes: count,
  first_failure: instant,
  last_failure: instant,
  last_success: instant,
  last_error: fc.option(text, { nil: null }),
  disabled_at: instant,
  retry_after: instant,
  success_count: count,
  generation: count,
  open_count: count,
  trial_successes: count,
  forced_reason: fc.option(text, { nil: null }),
  open_reason: fc.option(text, { nil: null }),
  lifetime_executions: count,
  lifetime_failures: count,
  trials: fc.array(fc.record({ id: text, owner: text, expires_at: iso }), { maxLength: 2 }),
  window: fc.array(fc.constantFrom(0, 1), { maxLength: 5 }),
  updated_at: instant,
});

/** A document as JSON.parse gives it (fast-check may draw objects without a prototype). */
const document = fc
  .record({
    hooks: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), hookEntry, { maxKeys: 3 }),
    global_stats: fc.record({
      total_executions: count,
      total_failures: count,
      hooks_disabled: count,
      last_updated: instant,
    }),
  })
  .map((doc) => JSON.parse(JSON.stringify(doc)) as typeof doc);

/** A document with one thing changed: a field dropped, added, replaced, or its keys reordered. */
const edited = fc
  .tuple(document, fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(0, 1, 2, 3))
  .map(([doc, pick, pick2, value, edit]) => {
    const copy = JSON.parse(JSON.stringify(doc));
    const names = Object.keys(copy.hooks);
    const target: Record<string, unknown> = names.length
      ? copy.hooks[names[pick % names.length] as string]
      : copy.global_stats;
    const keys = Object.keys(target);
    const key = keys[pick2 % keys.length] as string;
    if (edit === 0) delete target[key];
    else if (edit === 1) target.extra = value;
    else if (edit === 2) target[key] = value;
    else {
      const saved = target[key];
      delete target[key];
      target[key] = saved; // same fields, another key order
    }
    return copy;
  });

const asText = (value: unknown) => JSON.stringify(value);
const stored = <T extends object>(doc: T) => ({ schemaVersion: '1.0.0', ...doc });

/** What the zod-defined document makes of a stored document: its value, or the error code. */
function zodParse(raw: unknown): unknown {
  try {
    return breakerDocument.parse(raw).value;
  } catch (error) {
    return { error: (error as { code?: string }).code };
  }
}

/** The same through FileStore's codec. */
async function codecParse(raw: unknown): Promise<unknown> {
  try {
    return (await breakerCodec.parse(raw)).value;
  } catch (error) {
    return { error: (error as { code?: string }).code };
  }
}

describe('the FileStore document in its exact shape, checked by hand', () => {
  it('takes every document this code writes, with the value the zod schema gives', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (doc) => {
        const exact = exactDocument(doc);
        expect(exact).toBeDefined();
        expect(asText(exact)).toBe(asText(breakerDocument.parse(stored(doc)).value));
        // handled by hand: no promise
        expect(breakerCodec.parse(stored(doc))).not.toBeInstanceOf(Promise);
        expect(asText(breakerCodec.serialize(doc))).toBe(asText(breakerDocument.serialize(doc)));
      }),
    );
  });

  it('parses any edited document exactly as the zod-defined document does', async () => {
    await fc.assert(
      fc.asyncProperty(edited, async (doc) => {
        const exact = exactDocument(doc);
        if (exact !== undefined) expect(asText(exact)).toBe(asText(breakerDocument.parse(stored(doc)).value));
        expect(asText(await codecParse(stored(doc)))).toBe(asText(zodParse(stored(doc))));
      }),
    );
  });

  it('leaves a missing field, an unknown key, another instant form or another version to the zod schema', async () => {
    const doc = {
      hooks: {},
      global_stats: { total_executions: 1, total_failures: 0, hooks_disabled: 0, last_updated: null },
    };
    expect(exactDocument(doc)).toEqual(doc);
    expect(exactDocument({ ...doc, extra: 1 })).toBeUndefined();
    expect(exactDocument({ hooks: {} })).toBeUndefined();
    const offset = { ...doc.global_stats, last_updated: '2026-02-10T12:34:56+01:00' };
    expect(exactDocument({ ...doc, global_stats: offset })).toBeUndefined();
    // the zod schema accepts the offset form
    expect((await breakerCodec.parse(stored({ ...doc, global_stats: offset }))).value.global_stats).toEqual(
      offset,
    );
    expect(exactDocument({ ...doc, hooks: JSON.parse('{"__proto__": {}}') })).toBeUndefined();
    await expect(breakerCodec.parse({ schemaVersion: '2.0.0', ...doc })).rejects.toThrow(/2\.0\.0/);
    // a legacy document (no schemaVersion) is migrated by the zod-defined document
    const legacy = await breakerCodec.parse({ hooks: {}, global_stats: {} });
    expect(legacy.value.hooks).toEqual({});
  });

  it('hands out copies: the parsed value never shares objects with the input', async () => {
    const raw = stored({
      hooks: {},
      global_stats: { total_executions: 0, total_failures: 0, hooks_disabled: 0, last_updated: null },
    });
    const { value } = await breakerCodec.parse(raw);
    value.global_stats.total_executions = 5;
    expect(raw.global_stats.total_executions).toBe(0);
    expect(breakerCodec.defaults()).toEqual(breakerDocument.defaults());
  });
});
