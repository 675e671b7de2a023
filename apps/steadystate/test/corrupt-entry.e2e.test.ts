import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

describe('a json entry file damaged from outside', () => {
  it('load and checkpoint say which file and what to do; save replaces it and the namespace works again', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'phase', 'building']);
    await box.expectRun(['save', 'phase', 'testing']);
    const entries = join(box.cwd, '.steadystate', 'default', 'entries');
    writeFileSync(join(entries, 'phase.json'), '{"key":"phase","revision":2,"upda');

    const load = await box.expectRun(['load', 'phase'], 1);
    expect(load.stderr).toMatch(
      /^steadystate: expected a readable entry for key "phase" in .*phase\.json, found .*; save or delete the key to replace it .*\(ECORRUPTENTRY\)\n$/,
    );
    expect((await box.expectRun(['checkpoint', 'c1'], 1)).stderr).toContain('key "phase"');

    expect((await box.expectRun(['save', 'phase', 'building'])).stdout).toBe('Saved phase (revision 3)\n');
    expect((await box.expectRun(['load', 'phase'])).stdout).toBe('"building"\n');
    await box.expectRun(['checkpoint', 'c1']);
    expect(readdirSync(entries).filter((f) => f.startsWith('phase.json.corrupt-'))).toHaveLength(1);
  });
});
