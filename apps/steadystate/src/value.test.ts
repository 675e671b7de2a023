import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseValue, readStdinValue, resolveValue } from './value.js';

function stdin(text: string) {
  const s = new PassThrough();
  s.end(text);
  return s;
}

describe('parseValue', () => {
  it('takes valid JSON as JSON', () => {
    expect(parseValue('42')).toBe(42);
    expect(parseValue('-1.5e3')).toBe(-1500);
    expect(parseValue('true')).toBe(true);
    expect(parseValue('null')).toBe(null);
    expect(parseValue('"building"')).toBe('building');
    expect(parseValue('["scout","plan"]')).toEqual(['scout', 'plan']);
    expect(parseValue(' {"user": "dev", "n": [1, {"a": null}]} ')).toEqual({
      user: 'dev',
      n: [1, { a: null }],
    });
  });

  it('takes a bare word or other non-JSON text as a string', () => {
    expect(parseValue('building')).toBe('building');
    expect(parseValue('hello world')).toBe('hello world');
    expect(parseValue('1.2.3')).toBe('1.2.3');
    expect(parseValue('True')).toBe('True');
    expect(parseValue('')).toBe('');
  });

  it('refuses text that starts like JSON but is not, naming what it found', () => {
    for (const bad of ['{"a":', '[1,2', '"unterminated', "{'a': 1}"]) {
      expect(() => parseValue(bad)).toThrow(/^steadystate: expected VALUE to be JSON, found /);
    }
    try {
      parseValue('{"a":');
    } catch (error) {
      expect((error as { code: string }).code).toBe('EUSAGE');
      expect((error as Error).message).toContain('"{\\"a\\":"');
    }
  });
});

describe('stdin values', () => {
  it('reads JSON or a bare word from stdin, ignoring the trailing newline', async () => {
    expect(await readStdinValue(stdin('{"phase": "building"}\n'))).toEqual({ phase: 'building' });
    expect(await readStdinValue(stdin('building\n'))).toBe('building');
    expect(await resolveValue('-', stdin('[1, 2]'))).toEqual([1, 2]);
  });

  it('only reads stdin for "-"', async () => {
    expect(await resolveValue('x', stdin('[1, 2]'))).toBe('x');
  });

  it('an empty stdin is a usage error', async () => {
    await expect(readStdinValue(stdin('  \n'))).rejects.toThrow(/expected a VALUE on stdin .*found nothing/);
    await expect(readStdinValue(stdin('{oops'))).rejects.toThrow(/expected the VALUE on stdin to be JSON/);
  });
});
