import { describe, expect, it } from 'vitest';
import { argumentsFor, integerFlag, parseFlags, positionalsFor, splitLeadingGlobals } from './flags.js';

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

  it('a missing or option-like value after an option says how to write it', () => {
    const options = { key: { type: 'string' }, value: { type: 'string' } } as const;
    expect(() => parseFlags(['--key'], options)).toThrow(
      /^steadystate: expected a value after --key, found nothing$/,
    );
    expect(() => parseFlags(['--key', 'k', '--value', '-5'], options)).toThrow(
      /^steadystate: expected a value after --value, found the option-like "-5"; write --value=-5 if that is the value$/,
    );
    expect(parseFlags(['--value=-5'], options).values.value).toBe('-5');
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

  it('argumentsFor takes each argument from its option or the next positional', () => {
    const kv = (key?: string, value?: string) => ({
      KEY: ['--key', key] as const,
      VALUE: ['--value', value] as const,
    });
    expect(argumentsFor(['a', 'b'], ['KEY', 'VALUE'], kv())).toEqual(['a', 'b']);
    expect(argumentsFor([], ['KEY', 'VALUE'], kv('a', 'b'))).toEqual(['a', 'b']);
    expect(argumentsFor(['b'], ['KEY', 'VALUE'], kv('a'))).toEqual(['a', 'b']);
    expect(argumentsFor(['a'], ['KEY', 'VALUE'], kv(undefined, 'b'))).toEqual(['a', 'b']);
    expect(argumentsFor([], ['NAME'], { NAME: ['--name', undefined] }, 1)).toEqual([undefined]);
    expect(argumentsFor([], ['NAME'], { NAME: ['--name', 'n'] }, 1)).toEqual(['n']);
    // without options the messages are positionalsFor's
    expect(() => argumentsFor(['a'], ['KEY', 'VALUE'], kv())).toThrow(
      'steadystate: expected KEY VALUE, found "a"',
    );
    expect(() => argumentsFor(['b', 'c'], ['KEY', 'VALUE'], kv('a'))).toThrow(
      'steadystate: expected --key KEY VALUE, found --key "a" "b" "c"',
    );
    expect(() => argumentsFor([], ['KEY', 'VALUE'], kv(undefined, 'b'))).toThrow(
      'steadystate: expected KEY --value VALUE, found --value "b"',
    );
    expect(() => argumentsFor(['x'], ['NAME'], { NAME: ['--name', 'n'] }, 1)).toThrow(
      'steadystate: expected --name NAME, found --name "n" "x"',
    );
  });

  it('reads whole numbers only', () => {
    expect(integerFlag('--keep-last', '3')).toBe(3);
    expect(integerFlag('--keep-last', undefined)).toBeUndefined();
    for (const bad of ['-1', '1.5', 'x', '']) {
      expect(() => integerFlag('--keep-last', bad)).toThrow(/expected --keep-last to be a whole number/);
    }
  });
});
