import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runNode } from '@steadystate/testkit';
import { expect, it } from 'vitest';

const SKILLS = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

it('every template compiles under the strict tsconfig against the published package types', async () => {
  const r = await runNode(tsc, ['-p', 'tsconfig.json', '--noEmit'], { cwd: SKILLS });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.code).toBe(0);
});
