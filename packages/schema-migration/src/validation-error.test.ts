import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './validation-error.ts';
import { defineVersioned } from './versioned.ts';

const doc = defineVersioned({
  name: 'profile',
  version: '1.0.0',
  schema: z.object({
    a: z.string(),
    b: z.number(),
    c: z.boolean(),
    d: z.object({ e: z.string(), f: z.number() }),
  }),
  defaults: () => ({ a: '', b: 0, c: false, d: { e: '', f: 0 } }),
});

function validationError(raw: unknown): ValidationError {
  try {
    doc.parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected parse to throw');
}

/** "path: message" as the message shows one issue. */
const shown = (issue: ValidationError['issues'][number]) => `${issue.path.join('.')}: ${issue.message}`;

describe('the ValidationError message', () => {
  it.each([
    [3, { a: 1, b: 'x', c: 'no', d: { e: '', f: 0 } }, ''],
    [4, { a: 1, b: 'x', c: 'no', d: { e: 2, f: 0 } }, '; and 1 more'],
    [5, { a: 1, b: 'x', c: 'no', d: { e: 2, f: 'y' } }, '; and 2 more'],
  ])(
    'lists the first three of %i issues with their paths, then how many more there are',
    (count, body, tail) => {
      const err = validationError({ schemaVersion: '1.0.0', ...body });
      expect(err.issues).toHaveLength(count); // all of them are kept on the error
      const [first, second, third] = err.issues.map(shown);
      expect(err.message).toBe(
        `schema-migration: expected a profile valid for version 1.0.0, found ${count} issues: ${first}; ${second}; ${third}${tail}`,
      );
      for (const issue of err.issues.slice(3)) expect(err.message).not.toContain(shown(issue));
    },
  );
});
