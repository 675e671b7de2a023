import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';

// The example of the README's "Workflow machines" section, run against the built package.
const fixture = fileURLToPath(new URL('./readme-example.fixture.mjs', import.meta.url));
const readme = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('README workflow example', () => {
  it('is the fixture, verbatim', () => {
    expect(readFileSync(readme, 'utf8')).toContain(readFileSync(fixture, 'utf8'));
  });

  it('prints what its comments say and leaves a verified audit log', async () => {
    const cwd = tempDir();
    const { code, stdout, stderr } = await runNode(fixture, [], { cwd });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'false',
      "[ 'gate unit has not passed' ]",
      'PASSED RETRYING VERIFIED 1',
      '{ ok: true, lines: 12, files: 1, lastSeq: 12 }',
    ]);
    const lines = readFileSync(join(cwd, '.state/transitions.jsonl'), 'utf8').trim().split('\n');
    const patch = lines.map((l) => JSON.parse(l)).filter((r) => r.entity_id === 'patch-7');
    expect(patch.map((r) => r.to_state)).toEqual([
      'VALIDATING',
      'VALIDATING',
      'VALIDATING',
      'VALIDATING',
      'STAGED',
      'APPLIED',
      'VERIFIED',
    ]);
  });
});
