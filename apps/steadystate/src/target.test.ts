import { describe, expect, it } from 'vitest';
import { describeTarget, redactUrl, resolveTarget } from './target.js';

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
    expect(redactUrl('redis://u:secret@h:6379/0')).toBe('redis://u:***@h:6379/0');
  });
});
