import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runNode } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/readme-example.mjs', import.meta.url));
const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README example (runs against the built package)', () => {
  it('is the fixture, verbatim', () => {
    expect(readFileSync(readme, 'utf8')).toContain(readFileSync(fixture, 'utf8'));
  });

  it('prints what its comments say', async () => {
    const { code, stdout } = await runNode(fixture);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      '1.0.0 true {"theme":{"name":"light"},"editor":{"fontSize":12},"telemetry":false}',
      '{"schemaVersion":"3.0.0","theme":{"name":"light"},"editor":{"fontSize":12},"telemetry":false}',
      'EMIGRATION newer',
    ]);
  });
});
