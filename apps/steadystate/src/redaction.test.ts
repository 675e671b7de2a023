import { onStdoutError } from '@steadystate/cli-kit';
import { describe, expect, it } from 'vitest';
import { parseSpec } from './spec.js';
import { describeTarget, redactUrl, redactUrlText, resolveTarget, sameTarget } from './target.js';

describe('redactUrl', () => {
  it('hides a password (and username) given in the query string', () => {
    expect(redactUrl('redis://127.0.0.1:6379/0?password=s3cret')).toBe(
      'redis://127.0.0.1:6379/0?password=***',
    );
    expect(redactUrl('redis://h:1/0?username=me&password=s3cret&db=2')).toBe(
      'redis://h:1/0?username=***&password=***&db=2',
    );
    expect(describeTarget({ backend: 'redis', namespace: 'X', url: 'redis://h/0?password=s3cret' })).toBe(
      'redis://h/0?password=***#X',
    );
  });

  it('redacts a text that does not parse as a URL', () => {
    expect(redactUrl('redis://:s3cret@127.0.0.1:99999')).toBe('redis://***@127.0.0.1:99999');
    expect(redactUrlText('redis://u:s3cret@h:99999/0?password=p2')).toBe(
      'redis://***@h:99999/0?password=***',
    );
  });
});

describe('parseSpec and --url checks', () => {
  it('an invalid Redis SPEC is shown without its password', () => {
    expect(() => parseSpec('redis://:s3cret@127.0.0.1:99999', 'default', '--to')).toThrow(
      /found "redis:\/\/\*\*\*@127\.0\.0\.1:99999"/,
    );
    try {
      parseSpec('redis://:s3cret@127.0.0.1:99999', 'default', '--to');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('s3cret');
    }
  });

  it('--url and STEADYSTATE_URL must be valid redis:// URLs (usage error, password hidden)', () => {
    const bad = (flags: Parameters<typeof resolveTarget>[0], env: NodeJS.ProcessEnv = {}) => {
      try {
        resolveTarget(flags, env);
      } catch (error) {
        expect((error as { code?: string }).code).toBe('EUSAGE');
        expect((error as Error).message).not.toContain('s3cret');
        return (error as Error).message;
      }
      throw new Error('expected a usage error');
    };
    expect(bad({ url: 'http://:s3cret@x/0' })).toMatch(/expected --url to be a Redis URL/);
    expect(bad({ url: 'redis://:s3cret@127.0.0.1:99999' })).toMatch(
      /expected --url to hold a valid Redis URL/,
    );
    expect(bad({ backend: 'redis' }, { STEADYSTATE_URL: '/tmp/sock?password=s3cret' })).toMatch(
      /expected STEADYSTATE_URL to be a Redis URL/,
    );
    expect(resolveTarget({ url: 'rediss://h:1/2' }, {})).toMatchObject({ url: 'rediss://h:1/2' });
  });

  it('an empty --dir, --file or --url is a usage error', () => {
    for (const flag of ['dir', 'file', 'url'] as const) {
      expect(() => resolveTarget({ [flag]: '' }, {})).toThrow(
        new RegExp(`expected --${flag} to be .*, found an empty string`),
      );
    }
  });
});

describe('sameTarget', () => {
  const cwd = '/work/x';
  it('compares where the state lives, not how the SPEC is spelled', () => {
    const same = (a: string, b: string) => sameTarget(parseSpec(a, 'default'), parseSpec(b, 'default'), cwd);
    expect(same('json', 'json:./.steadystate')).toBe(true);
    expect(same('json', 'json:/work/x/.steadystate')).toBe(true);
    expect(same('sqlite', 'sqlite:./.steadystate.db')).toBe(true);
    expect(same('redis', 'redis://localhost:6379/0')).toBe(true);
    expect(same('redis://:pw@h:6379/1', 'redis://h/1')).toBe(true);
    expect(same('json', 'json:./other')).toBe(false);
    expect(same('json', 'json#other')).toBe(false);
    expect(same('json', 'sqlite')).toBe(false);
    expect(same('redis://h/1', 'redis://h/2')).toBe(false);
  });
});

describe('onStdoutError', () => {
  it('turns a failed write into one line and exit 1; EPIPE stays quiet', () => {
    const out: string[] = [];
    const codes: number[] = [];
    const proc = {
      stderr: { write: (s: string) => out.push(s) },
      exit: (code: number) => codes.push(code),
      exitCode: undefined,
    } as unknown as Pick<NodeJS.Process, 'stderr' | 'exit' | 'exitCode'>;
    onStdoutError('steadystate', Object.assign(new Error('gone'), { code: 'EPIPE' }), proc);
    expect(out).toEqual([]);
    expect(codes).toEqual([0]);
    onStdoutError('steadystate', Object.assign(new Error('no space'), { code: 'ENOSPC' }), proc);
    expect(out).toEqual(['steadystate: expected to write the output, found ENOSPC\n']);
    expect(codes).toEqual([0, 1]);
  });
});
