import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { BIN, sandbox } from './helpers.js';

describe('the bin loads its bundle through a V8 code cache', () => {
  it('writes each bundle cache after its first use, and a cache V8 refuses only costs a rewrite', async () => {
    const dist = tempDir('guardrails-dist-');
    for (const f of ['cli.cjs', 'guardrails.cjs', 'run.cjs']) copyFileSync(join(BIN, '..', f), join(dist, f));
    const bin = join(dist, 'cli.cjs');
    const cacheOf = (bundle: string) => join(dist, `${bundle}.${process.version}-${process.arch}.cache`);
    const cache = cacheOf('run');
    const box = sandbox();
    const run = () =>
      runNode(bin, ['run', '--', process.execPath, '-e', 'process.stdout.write("ok")'], { env: box.env });

    expect((await runNode(bin, ['--version'], { env: box.env })).code).toBe(0);
    expect(existsSync(cacheOf('guardrails'))).toBe(true); // every command but run: the full bundle
    expect(existsSync(cache)).toBe(false); // run has its own bundle and cache
    expect(await run()).toMatchObject({ code: 0, stdout: 'ok', stderr: '' });
    expect(readFileSync(cache).length).toBeGreaterThan(1000);

    writeFileSync(cache, 'not a V8 cache');
    expect(await run()).toMatchObject({ code: 0, stdout: 'ok', stderr: '' });
    expect(readFileSync(cache).length).toBeGreaterThan(1000);

    const off = await runNode(bin, ['run', '--', process.execPath, '-e', '0'], {
      env: { ...box.env, GUARDRAILS_NO_CODE_CACHE: '1' },
    });
    expect(off.code).toBe(0);
  });
});
