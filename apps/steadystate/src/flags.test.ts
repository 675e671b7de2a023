import { describe, expect, it } from 'vitest';
import { integerFlag, parseFlags, positionalsFor, splitLeadingGlobals } from './flags.js';

describe('global options before the command', () => {
  it('splits them off in both --flag value and --flag=value forms', () => {
    expect(splitLeadingGlobals(['--backend', 'sqlite', '--json', '--file=x.db', 'save', 'k', 'v'])).toEqual({
      globals: ['--backend', 'sqlite', '--json', '--file=x.db'],
      command: 'save',
      rest: ['k', 'v'],
    });
    expect(splitLeadingGlobals(['keys'])).toEqual({ globals: [], command: 'keys', rest: [] });
    expect(splitLeadingGlobals(['--bogus', 'keys'])).toEqual({
      globals: [],
      command: '--bogus',
      rest: ['keys'],
    });
    expect(splitLeadingGlobals(['--namespace'])).toEqual({
      globals: [],
      rest: [],
      missingValue: '--namespace',
    });
  });

  it('every command parses them anywhere, after the command too', () => {
    const { values, positionals } = parseFlags(['k', '--namespace', 'w', 'v', '--json'], {});
    expect(values).toMatchObject({ namespace: 'w', json: true });
    expect(positionals).toEqual(['k', 'v']);
    expect(parseFlags(['k', '--', '-5'], {}).positionals).toEqual(['k', '-5']);
  });

  it('an unknown option names the known ones', () => {
    expect(() => parseFlags(['--force'], { 'dry-run': { type: 'boolean' } })).toThrow(
      /^steadystate: expected an option of --dry-run --backend .* --json, found unknown option "--force"/,
    );
  });
});

describe('positionals and numbers', () => {
  it('checks the count and says what was expected and found', () => {
    expect(positionalsFor(['a', 'b'], ['KEY', 'VALUE'])).toEqual(['a', 'b']);
    expect(positionalsFor([], ['NAME'], 1)).toEqual([undefined]);
    expect(() => positionalsFor(['a'], ['KEY', 'VALUE'])).toThrow(
      'steadystate: expected KEY VALUE, found "a"',
    );
    expect(() => positionalsFor(['a', 'b'], ['MAXAGE', 'SESSION', 'X'], 2)).not.toThrow();
    expect(() => positionalsFor(['a', 'b'], [])).toThrow('steadystate: expected no arguments, found "a" "b"');
  });

  it('reads whole numbers only', () => {
    expect(integerFlag('--keep-last', '3')).toBe(3);
    expect(integerFlag('--keep-last', undefined)).toBeUndefined();
    for (const bad of ['-1', '1.5', 'x', '']) {
      expect(() => integerFlag('--keep-last', bad)).toThrow(/expected --keep-last to be a whole number/);
    }
  });
});
