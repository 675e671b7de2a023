import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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

/**
 * Names the SKILL.md examples use as stand-ins for the reader's own code (`work(item)`,
 * `search(query)`) or for values an earlier example made. Any other compile error in an
 * example (a renamed method, a wrong option, a bad type) fails the test.
 */
const PLACEHOLDERS = new Set([
  'search',
  'query',
  'useCachedResults',
  'breaker',
  'code',
  'state',
  'work',
  'store',
  'actor',
  'job',
  'log',
]);

it('the TypeScript examples in every SKILL.md compile against the packages, apart from placeholders', async () => {
  // Inside skills/ so that the examples resolve @steadystate/* like the templates do.
  const dir = mkdtempSync(join(SKILLS, '.template-build-snippets-'));
  try {
    let count = 0;
    for (const skill of readdirSync(SKILLS)) {
      let text: string;
      try {
        text = readFileSync(join(SKILLS, skill, 'SKILL.md'), 'utf8');
      } catch {
        continue;
      }
      for (const [i, m] of [...text.matchAll(/```ts\n([\s\S]*?)```/g)].entries()) {
        writeFileSync(join(dir, `${skill}-${i}.ts`), `export {};\n${m[1]}`);
        count++;
      }
    }
    expect(count).toBeGreaterThan(5);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.base.json', include: ['*.ts'] }),
    );
    const r = await runNode(tsc, ['-p', join(dir, 'tsconfig.json'), '--noEmit'], { cwd: SKILLS });
    const errors = (r.stdout + r.stderr)
      .split('\n')
      .filter((line) => /error TS\d+/.test(line))
      .filter((line) => !PLACEHOLDERS.has(/error TS2304: Cannot find name '([^']+)'/.exec(line)?.[1] ?? ''));
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
