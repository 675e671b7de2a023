import { describe, expect, it } from 'vitest';
import { lastError, parseRunArgs } from './run.js';

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

  it('reports a bad option as a problem instead of throwing', () => {
    expect(parseRunArgs(['--timeout', 'soon', '--', 'true']).problem).toBe(
      'expected --timeout to be a number of seconds >= 0, found "soon"',
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
