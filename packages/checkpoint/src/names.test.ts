import { describe, expect, it } from 'vitest';
import { InvalidNameError } from './errors.js';
import { assertName } from './names.js';

describe('assertName', () => {
  it.each([
    ['', 'not empty'],
    ['x'.repeat(201), 'at most 200 characters'],
    ['a/b', 'no "/"'],
    ['a\\b', 'no "\\"'],
    ['a\0b', 'no NUL character'],
    ['a\nb', 'no control characters'],
    ['..', 'no ".."'],
    ['a..b', 'no ".."'],
    ['.hidden', 'not starting with "."'],
    ['~x', 'not starting with "~"'],
    [' x', 'no leading or trailing whitespace'],
    ['__proto__', 'not __proto__, constructor or prototype'],
    ['constructor', 'not __proto__, constructor or prototype'],
    ['prototype', 'not __proto__, constructor or prototype'],
  ])('rejects %j: %s', (name, rule) => {
    let err: unknown;
    try {
      assertName('key', name);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidNameError);
    expect(err).toMatchObject({ code: 'EINVALIDNAME', what: 'key', found: name, rule });
    expect((err as Error).message).toMatch(/^checkpoint: expected a valid key name/);
  });

  it('rejects a non-string', () => {
    expect(() => assertName('namespace', 42)).toThrow(/found number/);
  });

  it.each(['a', 'cp-2026-01-01T00:00:00.000Z', 'Ünïcödé ✓', 'with space', 'x'.repeat(200), 'a.b', 'proto'])(
    'accepts %j',
    (name) => {
      expect(() => assertName('checkpoint', name)).not.toThrow();
    },
  );
});
