#!/usr/bin/env node
// Runs every benchmark of bench/ one after the other (never two at once: they
// measure the machine) and rebuilds bench/README.md from bench/results/*.md.
// Usage: npm run bench            all of them
//        npm run bench -- NAME..  only these (e.g. atomic-write locked-update)
//        npm run bench -- --collect   only rebuild the README from the results
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The order of the sections in bench/README.md: lower layers first. */
const ORDER = [
  'atomic-write',
  'locked-update',
  'breaker-overhead',
  'breaker-store-latency',
  'breaker-file-scale',
  'guardrails-startup',
  'checkpoint-backends',
  'checkpoint-step-floor',
];

const args = process.argv.slice(2);
const collectOnly = args.includes('--collect');
const wanted = args.filter((a) => !a.startsWith('--'));
// a benchmark is a script that opens with the question it answers; others are helpers
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && readFileSync(join(here, f), 'utf8').startsWith('// Question:'))
  .map((f) => f.slice(0, -4))
  .sort((a, b) => rank(a) - rank(b));

function rank(name) {
  const i = ORDER.indexOf(name);
  return i === -1 ? ORDER.length : i;
}

if (!collectOnly) {
  for (const name of wanted.length > 0 ? wanted : scripts) {
    if (!scripts.includes(name)) {
      console.error(`bench: no script bench/${name}.mjs (have: ${scripts.join(', ')})`);
      process.exit(64);
    }
    console.error(`bench: running ${name} ...`);
    const started = Date.now();
    const run = spawnSync(process.execPath, [join(here, `${name}.mjs`)], { stdio: 'inherit' });
    console.error(
      `bench: ${name} exited ${run.status} after ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (run.status !== 0) process.exitCode = 1;
  }
}

const sections = scripts
  .map((name) => join(here, 'results', `${name}.md`))
  .filter((file) => existsSync(file))
  .map((file) => readFileSync(file, 'utf8').trim());
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = `# Benchmarks

One script per question, each comparing steadystate with what users would pick
instead, in the same run on the same machine. Reproduce with \`npm run build\`
then \`npm run bench\` (all scripts, one after the other; a few minutes) or
\`npm run bench -- <name>\` for one; each script writes its section to
\`bench/results/<name>.md\` and this page is rebuilt from them.

Figures below: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}.
Timing goals live here, not in the tests.
`;
writeFileSync(join(here, 'README.md'), `${[header, ...sections].join('\n\n')}\n`);
console.error(`bench: wrote bench/README.md (${sections.length} sections)`);
