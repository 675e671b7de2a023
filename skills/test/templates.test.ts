/**
 * Every `skills/<skill>/templates/*.ts` is compiled on its own (no bundling: the
 * `@steadystate/*` imports stay imports and resolve to the built packages) and run with node,
 * as a user runs a copied template. Each prints a JSON summary as its last stdout line,
 * checked here against what the template claims to show.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '@steadystate/testkit';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectations } from './template-expectations.js';

const SKILLS = fileURLToPath(new URL('..', import.meta.url));

const templates = readdirSync(SKILLS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'test' && d.name !== 'node_modules')
  .flatMap((d) => {
    const dir = join(SKILLS, d.name, 'templates');
    try {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${d.name}/templates/${f}`);
    } catch {
      return [];
    }
  })
  .sort();

// Inside skills/ so that the compiled files resolve @steadystate/* like the sources do.
let out: string;
beforeAll(async () => {
  out = mkdtempSync(join(SKILLS, '.template-build-'));
  await build({
    entryPoints: templates.map((t) => ({ in: join(SKILLS, t), out: t.replace(/\.ts$/, '') })),
    outdir: out,
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
});
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

it('every template has an expectation, and every expectation a template', () => {
  expect(templates.length).toBeGreaterThan(0);
  expect(Object.keys(expectations).sort()).toEqual(templates);
});

describe.each(templates)('%s', (template) => {
  it('runs with node, exits 0 and prints what it demonstrates', async () => {
    const r = await runNode(join(out, template.replace(/\.ts$/, '.mjs')), [], { cwd: SKILLS });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const summary = JSON.parse(lines.at(-1) ?? 'null');
    expectations[template]?.(summary, r.stdout);
  });
});
