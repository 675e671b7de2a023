import { describe, expect, it } from 'vitest';
import { asksForHelp, lastError, parseRunArgs } from './run.js';

describe('parseRunArgs', () => {
  it('splits options from the command at --', () => {
    expect(
      parseRunArgs(['--name', 'lint', '--timeout', '2.5', '--on-open', 'block', '--', 'node', '--x', 'a.js']),
    ).toEqual({
      command: ['node', '--x', 'a.js'],
      name: 'lint',
      flags: { timeoutSeconds: 2.5, onOpen: 'block' },
    });
  });

  it('takes the first word that is not an option as the command when -- is missing', () => {
    expect(parseRunArgs(['--name=x', 'node', '--help'])).toEqual({
      command: ['node', '--help'],
      name: 'x',
      flags: {},
    });
  });

  it("leaves a -- and option-looking words after the command's first word to the command", () => {
    expect(parseRunArgs(['npm', 'run', 'lint', '--', '--fix'])).toEqual({
      command: ['npm', 'run', 'lint', '--', '--fix'],
      flags: {},
    });
    expect(parseRunArgs(['--name', 'l', 'npm', 'run', 'lint', '--', '--fix'])).toEqual({
      command: ['npm', 'run', 'lint', '--', '--fix'],
      name: 'l',
      flags: {},
    });
    expect(parseRunArgs(['--timeout', '5', 'node', 'x.js', '--name', 'y', '--timeout', '9', '-h'])).toEqual({
      command: ['node', 'x.js', '--name', 'y', '--timeout', '9', '-h'],
      flags: { timeoutSeconds: 5 },
    });
    // only a -- before the command is guardrails' own
    expect(parseRunArgs(['--on-open=block', '--', 'echo', 'a', '--', 'b'])).toEqual({
      command: ['echo', 'a', '--', 'b'],
      flags: { onOpen: 'block' },
    });
    expect(parseRunArgs(['--', '--', 'x']).command).toEqual(['--', 'x']);
    // the value of a value option is not the command, even when it looks like a word
    expect(parseRunArgs(['--name', 'npm', 'npm', 'test'])).toEqual({
      command: ['npm', 'test'],
      name: 'npm',
      flags: {},
    });
  });

  it("asks for run's help only before the command", () => {
    expect(parseRunArgs(['--help']).help).toBe(true);
    expect(parseRunArgs(['-h', '--', 'x']).help).toBe(true);
    expect(asksForHelp(['--name', 'x', '--help', 'node', 'a.js'])).toBe(true);
    expect(asksForHelp(['node', 'a.js', '--help'])).toBe(false);
    expect(asksForHelp(['npm', 'run', 'lint', '--', '-h'])).toBe(false);
    expect(asksForHelp(['--', 'node', '--help'])).toBe(false);
  });

  it('reports a missing option value as a problem and still finds the command', () => {
    const args = parseRunArgs(['--name', '--', 'node', 'a.js']);
    expect(args.command).toEqual(['node', 'a.js']);
    expect(args.problem).toMatch(/--name/);
  });

  it('refuses a --timeout longer than a timer can wait (2^31-1 ms), naming the limit', () => {
    expect(parseRunArgs(['--timeout', '2147483.647', '--', 'true']).flags.timeoutSeconds).toBe(2147483.647);
    for (const text of ['2147483.648', '2200000', '1e13']) {
      const args = parseRunArgs(['--timeout', text, '--', 'true']);
      expect(args.flags.timeoutSeconds).toBeUndefined();
      expect(args.problem).toBe(
        `expected --timeout to be a number of seconds >= 0 and <= 2147483.647 (2^31-1 ms, about 24.8 days; 0 = never), found "${text}"`,
      );
    }
  });

  it('reports a bad option as a problem instead of throwing', () => {
    expect(parseRunArgs(['--timeout', 'soon', '--', 'true']).problem).toBe(
      'expected --timeout to be a number of seconds >= 0 and <= 2147483.647 (2^31-1 ms, about 24.8 days; 0 = never), found "soon"',
    );
    expect(parseRunArgs(['--on-open', 'explode', '--', 'true']).problem).toContain('skip or block');
    expect(parseRunArgs(['--bogus', '--', 'true']).problem).toMatch(/bogus/);
  });
});

describe('lastError', () => {
  const base = { exitCode: 1, lastStderrLine: '', durationMs: 5 };
  it('describes each way a command can fail', () => {
    expect(lastError({ ...base, outcome: { kind: 'exit', code: 1 }, lastStderrLine: 'boom' })).toBe(
      'exit 1: boom',
    );
    expect(lastError({ ...base, outcome: { kind: 'exit', code: 3 } })).toBe('exit 3');
    expect(lastError({ ...base, outcome: { kind: 'signal', signal: 'SIGSEGV' } })).toBe('killed by SIGSEGV');
    expect(lastError({ ...base, outcome: { kind: 'timeout', seconds: 60 } })).toBe('timed out after 60s');
    expect(lastError({ ...base, outcome: { kind: 'not-found', command: 'foo' } })).toBe(
      'command not found: foo',
    );
  });
});
