import { describe, expect, it } from 'vitest';
import { parseSpec } from './spec.js';
import { describeTarget, redactUrl, resolveNamespace, resolveTarget } from './target.js';

describe('resolveTarget', () => {
  it('defaults to json in .steadystate, namespace default', () => {
    expect(resolveTarget({}, {})).toEqual({ backend: 'json', namespace: 'default', dir: '.steadystate' });
  });

  it('flags win over the environment, the environment over defaults', () => {
    const env = {
      STEADYSTATE_BACKEND: 'sqlite',
      STEADYSTATE_NAMESPACE: 'env-ns',
      STEADYSTATE_FILE: 'env.db',
      STEADYSTATE_DIR: 'env-dir',
    };
    expect(resolveTarget({}, env)).toEqual({ backend: 'sqlite', namespace: 'env-ns', file: 'env.db' });
    expect(resolveTarget({ backend: 'json', namespace: 'flag-ns' }, env)).toEqual({
      backend: 'json',
      namespace: 'flag-ns',
      dir: 'env-dir',
    });
    expect(resolveTarget({ file: 'flag.db' }, env)).toMatchObject({ backend: 'sqlite', file: 'flag.db' });
    expect(resolveTarget({}, { STEADYSTATE_BACKEND: '' })).toMatchObject({ backend: 'json' });
  });

  it('--file and --url imply their backend when none is named', () => {
    expect(resolveTarget({ file: 's.db' }, {})).toEqual({
      backend: 'sqlite',
      namespace: 'default',
      file: 's.db',
    });
    expect(resolveTarget({ url: 'redis://h:1/2' }, {})).toEqual({
      backend: 'redis',
      namespace: 'default',
      url: 'redis://h:1/2',
    });
  });

  it('STEADYSTATE_FILE / STEADYSTATE_URL set alone imply their backend, like --file / --url', () => {
    expect(resolveTarget({}, { STEADYSTATE_FILE: 'env.db' })).toEqual({
      backend: 'sqlite',
      namespace: 'default',
      file: 'env.db',
    });
    expect(resolveTarget({}, { STEADYSTATE_URL: 'redis://h:1/2' })).toEqual({
      backend: 'redis',
      namespace: 'default',
      url: 'redis://h:1/2',
    });
    expect(resolveTarget({}, { STEADYSTATE_DIR: 'd' })).toMatchObject({ backend: 'json', dir: 'd' });
    expect(resolveTarget({}, { STEADYSTATE_FILE: '' })).toMatchObject({ backend: 'json' });
  });

  it('flags win over the implying variables; STEADYSTATE_BACKEND makes the others irrelevant', () => {
    const env = { STEADYSTATE_FILE: 'env.db' };
    expect(resolveTarget({ backend: 'json' }, env)).toMatchObject({ backend: 'json', dir: '.steadystate' });
    expect(resolveTarget({ dir: 'flag' }, env)).toMatchObject({ backend: 'json', dir: 'flag' });
    expect(resolveTarget({ url: 'redis://x' }, env)).toMatchObject({ backend: 'redis', url: 'redis://x' });
    expect(resolveTarget({ file: 'flag.db' }, env)).toMatchObject({ backend: 'sqlite', file: 'flag.db' });
    const all = { STEADYSTATE_DIR: 'd', STEADYSTATE_FILE: 'f.db', STEADYSTATE_URL: 'redis://u' };
    expect(resolveTarget({}, { ...all, STEADYSTATE_BACKEND: 'redis' })).toMatchObject({ url: 'redis://u' });
    expect(resolveTarget({ backend: 'sqlite' }, all)).toMatchObject({ file: 'f.db' });
    expect(resolveTarget({ file: 'x.db' }, all)).toMatchObject({ backend: 'sqlite', file: 'x.db' });
  });

  it('two or more location variables without a backend are ambiguous', () => {
    expect(() => resolveTarget({}, { STEADYSTATE_FILE: 'f.db', STEADYSTATE_URL: 'redis://u' })).toThrow(
      'steadystate: expected one backend from the environment, found STEADYSTATE_FILE and STEADYSTATE_URL set; choose with --backend or STEADYSTATE_BACKEND',
    );
    expect(() =>
      resolveTarget({}, { STEADYSTATE_DIR: 'd', STEADYSTATE_FILE: 'f.db', STEADYSTATE_URL: 'redis://u' }),
    ).toThrow(/found STEADYSTATE_DIR, STEADYSTATE_FILE and STEADYSTATE_URL set/);
    expect(resolveNamespace({}, { STEADYSTATE_FILE: 'f.db', STEADYSTATE_URL: 'redis://u' })).toBe('default');
    expect(resolveNamespace({ namespace: 'n' }, { STEADYSTATE_NAMESPACE: 'e' })).toBe('n');
    expect(resolveNamespace({}, { STEADYSTATE_NAMESPACE: 'e' })).toBe('e');
  });

  it('refuses unknown backends and location flags of another backend', () => {
    expect(() => resolveTarget({ backend: 'mongo' }, {})).toThrow(
      'steadystate: expected --backend to be json, sqlite or redis, found "mongo"',
    );
    expect(() => resolveTarget({}, { STEADYSTATE_BACKEND: 'pg' })).toThrow(
      /STEADYSTATE_BACKEND .*found "pg"/,
    );
    expect(() => resolveTarget({ backend: 'json', file: 'x.db' }, {})).toThrow(
      'steadystate: --file does not apply to the json backend; it takes --dir',
    );
    expect(() => resolveTarget({ dir: 'a', url: 'redis://x' }, {})).toThrow(/found --dir and --url/);
  });

  it('describes a target as the SPEC copy accepts, without a Redis password', () => {
    expect(describeTarget(resolveTarget({ dir: 'st', namespace: 'w' }, {}))).toBe('json:st#w');
    expect(describeTarget(parseSpec('sqlite:s.db#w', 'default'))).toBe('sqlite:s.db#w');
    const fromSpec = describeTarget(parseSpec('redis://u:secret@h:6379/0#n', 'default'));
    expect(fromSpec).toBe('redis://u:***@h:6379/0#n');
    const fromFlag = describeTarget(resolveTarget({ url: 'redis://:secret@h:6379/2', namespace: 'w' }, {}));
    expect(fromFlag).toBe('redis://:***@h:6379/2#w');
    for (const text of [fromSpec, fromFlag]) expect(text).not.toContain('secret');
    // a URL without a password is shown as given
    expect(describeTarget(parseSpec('redis://h:6379/0#n', 'default'))).toBe('redis://h:6379/0#n');
    expect(redactUrl('redis://u:secret@h:6379/0')).toBe('redis://u:***@h:6379/0');
  });
});
