import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redisService, serviceSuite } from '@steadystate/testkit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sandbox } from './helpers.js';
import { dropRedisNamespace, uniqueNamespace } from './redis-cleanup.js';

describe('STEADYSTATE_FILE behaves like --file', () => {
  it('set alone, it implies the sqlite backend', async () => {
    const box = sandbox([], { STEADYSTATE_FILE: 'env.db' });
    expect(await box.json(['init'])).toEqual({
      backend: 'sqlite',
      namespace: 'default',
      spec: 'sqlite:env.db#default',
      keys: 0,
    });
    await box.expectRun(['save', 'phase', 'building']);
    await box.expectRun(['checkpoint', 'c1']);
    expect(statSync(join(box.cwd, 'env.db')).isFile()).toBe(true);
    expect(existsSync(join(box.cwd, '.steadystate'))).toBe(false);
    // the same state through the flag, without the variable
    const flag = await box.expectRun(['--file', 'env.db', 'load', 'phase', '--raw'], 0, {
      env: { STEADYSTATE_FILE: '' },
    });
    expect(flag.stdout).toBe('building\n');
  });

  it('flags win over it: --backend, --dir and --url choose their own backend', async () => {
    const box = sandbox([], { STEADYSTATE_FILE: 'env.db' });
    expect(await box.json(['--backend', 'json', 'init'])).toMatchObject({ backend: 'json' });
    expect(await box.json(['--dir', 'state', 'init'])).toMatchObject({ spec: 'json:state#default' });
    expect(await box.json(['--file', 'flag.db', 'init'])).toMatchObject({ spec: 'sqlite:flag.db#default' });
    const down = await box.expectRun(['--url', 'redis://127.0.0.1:1', 'keys'], 1);
    expect(down.stderr).toMatch(/redis/i);
    expect(existsSync(join(box.cwd, 'env.db'))).toBe(false);
    // STEADYSTATE_BACKEND names the backend; the variable of another backend is then ignored
    const named = await box.expectRun(['init', '--json'], 0, { env: { STEADYSTATE_BACKEND: 'json' } });
    expect(JSON.parse(named.stdout)).toMatchObject({ backend: 'json', spec: 'json:.steadystate#default' });
  });

  it('two location variables without a backend are ambiguous (exit 64)', async () => {
    const box = sandbox([], { STEADYSTATE_FILE: 'env.db', STEADYSTATE_URL: 'redis://127.0.0.1:6379' });
    const r = await box.expectRun(['keys'], 64);
    expect(r.stderr).toBe(
      'steadystate: expected one backend from the environment, found STEADYSTATE_FILE and STEADYSTATE_URL set; choose with --backend or STEADYSTATE_BACKEND (see: steadystate keys --help)\n',
    );
    const both = await box.expectRun(['keys'], 64, { env: { STEADYSTATE_DIR: 'd' } });
    expect(both.stderr).toMatch(/found STEADYSTATE_DIR, STEADYSTATE_FILE and STEADYSTATE_URL set/);
    await box.expectRun(['--backend', 'sqlite', 'init']);
    expect(statSync(join(box.cwd, 'env.db')).isFile()).toBe(true);
    // copy only needs the namespace from the environment: no ambiguity there
    await box.expectRun(['copy', '--from', 'sqlite:env.db', '--to', 'json:out']);
  });
});

await serviceSuite(redisService, 'STEADYSTATE_URL behaves like --url', (url) => {
  it('set alone, it implies the redis backend', async () => {
    const ns = uniqueNamespace('env-url');
    onTestFinished(async () => {
      await dropRedisNamespace(url, ns);
    });
    const box = sandbox([], { STEADYSTATE_URL: url, STEADYSTATE_NAMESPACE: ns });
    expect(await box.json(['init'])).toMatchObject({ backend: 'redis', namespace: ns, keys: 0 });
    await box.expectRun(['save', 'phase', 'building']);
    await box.expectRun(['checkpoint', 'c1']);
    expect(existsSync(join(box.cwd, '.steadystate'))).toBe(false);
    // really in Redis: read it back with the flag, the variable unset
    const flag = await box.expectRun(['--url', url, 'load', 'phase', '--raw'], 0, {
      env: { STEADYSTATE_URL: '' },
    });
    expect(flag.stdout).toBe('building\n');
    expect(await box.json(['--url', url, 'checkpoints'])).toMatchObject([{ name: 'c1' }]);
    // a flag still wins
    expect(await box.json(['--dir', 'local', 'keys'])).toEqual([]);
  });
});
