import { describe, expect, it } from 'vitest';
import { parseSpec } from './spec.js';
import { describeTarget } from './target.js';

describe('parseSpec', () => {
  it('reads json, sqlite and redis specs with the default namespace', () => {
    expect(parseSpec('json:./state', 'default')).toEqual({
      backend: 'json',
      namespace: 'default',
      dir: './state',
    });
    expect(parseSpec('sqlite:./state.db', 'ns')).toEqual({
      backend: 'sqlite',
      namespace: 'ns',
      file: './state.db',
    });
    expect(parseSpec('redis://127.0.0.1:6379/0', 'default')).toEqual({
      backend: 'redis',
      namespace: 'default',
      url: 'redis://127.0.0.1:6379/0',
    });
    expect(parseSpec('rediss://user:pw@example.test:6380', 'x')).toMatchObject({ backend: 'redis' });
  });

  it('takes the namespace after the last #', () => {
    expect(parseSpec('json:./state#workflow-123', 'default')).toEqual({
      backend: 'json',
      namespace: 'workflow-123',
      dir: './state',
    });
    expect(parseSpec('redis://127.0.0.1:6379/2#w1', 'default')).toEqual({
      backend: 'redis',
      namespace: 'w1',
      url: 'redis://127.0.0.1:6379/2',
    });
    expect(parseSpec('sqlite:a#b.db#ns', 'default')).toEqual({
      backend: 'sqlite',
      namespace: 'ns',
      file: 'a#b.db',
    });
  });

  it('uses the default folder and file when the path is left out', () => {
    expect(parseSpec('json:', 'n')).toEqual({ backend: 'json', namespace: 'n', dir: '.steadystate' });
    expect(parseSpec('json', 'n')).toEqual({ backend: 'json', namespace: 'n', dir: '.steadystate' });
    expect(parseSpec('sqlite#other', 'n')).toEqual({
      backend: 'sqlite',
      namespace: 'other',
      file: '.steadystate.db',
    });
    expect(parseSpec('sqlite', 'n')).toMatchObject({ file: '.steadystate.db' });
    expect(parseSpec('redis', 'n')).toEqual({
      backend: 'redis',
      namespace: 'n',
      url: 'redis://127.0.0.1:6379',
    });
    expect(parseSpec('redis:#w', 'n')).toMatchObject({ namespace: 'w', url: 'redis://127.0.0.1:6379' });
    expect(() => parseSpec('redis:host', 'n')).toThrow(/found "redis:host"/);
  });

  it('refuses unknown kinds, empty namespaces and bad URLs, naming the flag', () => {
    expect(() => parseSpec('postgres://x', 'n', '--to')).toThrow(
      /^steadystate: expected --to like json:\.\/state, sqlite:\.\/state\.db or redis:\/\/127\.0\.0\.1:6379\/0/,
    );
    expect(() => parseSpec('./state', 'n')).toThrow(/found "\.\/state"/);
    expect(() => parseSpec('json:./s#', 'n', '--from')).toThrow(/expected a namespace after "#" in --from/);
    expect(() => parseSpec('redis://:bad port', 'n')).toThrow(/valid Redis URL/);
  });

  it('round-trips through describeTarget', () => {
    for (const spec of ['json:./state#a', 'sqlite:/tmp/x.db#b', 'redis://127.0.0.1:6379/0#c']) {
      expect(describeTarget(parseSpec(spec, 'default'))).toBe(spec);
    }
  });
});
