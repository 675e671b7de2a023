// Question: does FileStore keep seed 000's figures as the state file grows? The seed says reads
// take under 1 ms and writes (fsync included) under 5 ms, tested up to 100 hooks, and expects
// 1,000 hooks (a file of about 500 KB) as the limit. Times one hook process's steps at 10, 100
// and 1,000 hooks in the file: the plain read that decides a call on a closed breaker, and the
// locked read-modify-write that records a failure.
// Goals (the seed's, at the 100 hooks it tested): read p50 < 1 ms, write p50 < 5 ms.
// Run after a build: `node bench/breaker-file-scale.mjs`. The state file lives in the OS temp
// folder; the report says what that is stored on.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CircuitBreaker, FileStore } from '@steadystate/circuit-breaker';
import { ms, pct } from './stats.mjs';
import { tempFolderNote } from './temp-folder.mjs';

const ITERATIONS = Number(process.env.BENCH_ITER ?? 100);
const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'bench-breaker-scale-'));
// a hook command as a settings file names it (the breaker's name is the command)
const hookName = (i) =>
  `node "$CLAUDE_PROJECT_DIR"/.claude/hooks/check-${String(i).padStart(4, '0')}.mjs --strict`;
const policy = { failureThreshold: 1_000_000 }; // stays closed: every call is allowed

/** A state file holding `n` hooks that each ran, passed and failed once (every field filled). */
async function stateFile(n) {
  const path = join(root, `hooks-${n}`, 'hook_state.json');
  const store = new FileStore(path, { syncIo: true });
  const breaker = new CircuitBreaker({ name: hookName(0), store, policy });
  await (await breaker.acquire()).success();
  await (await breaker.acquire()).failure(new Error('exit 2: lint found 3 problems in src/index.ts'));
  // the other hooks: copies of that entry under their own names (one API call each would take minutes)
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  const entry = doc.hooks[hookName(0)];
  for (let i = 1; i < n; i++) doc.hooks[hookName(i)] = structuredClone(entry);
  doc.global_stats.total_executions = 2 * n;
  doc.global_stats.total_failures = n;
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

async function measure(n) {
  const path = await stateFile(n);
  const read = [];
  const write = [];
  for (let i = 0; i < ITERATIONS + 5; i++) {
    // each iteration is a new hook process: a new store object, nothing cached
    const store = new FileStore(path, { syncIo: true });
    const breaker = new CircuitBreaker({ name: hookName(i % n), store, policy });
    const t0 = performance.now();
    const permit = await breaker.acquire();
    const t1 = performance.now();
    await permit.failure(new Error('exit 2: lint found 3 problems in src/index.ts'));
    const t2 = performance.now();
    if (!permit.allowed) throw new Error('bench: the breaker opened');
    if (i < 5) continue;
    read.push(t1 - t0);
    write.push(t2 - t1);
  }
  return { n, bytes: statSync(path).size, read, write };
}

const rows = [];
for (const n of [10, 100, 1000]) rows.push(await measure(n));
rmSync(root, { recursive: true, force: true });

const lines = [
  '## circuit-breaker: FileStore as the state file grows (seed 000)',
  '',
  `Script: \`bench/breaker-file-scale.mjs\`. Node ${process.version}, ${cpus().length} CPUs, ${process.platform}; ${tempFolderNote()}.`,
  `Each of ${ITERATIONS} iterations is one hook process's work on a new \`FileStore\` (\`syncIo\`, as \`guardrails run\` opens it; nothing cached):`,
  '"read" = `acquire()` on a closed breaker (the plain read that decides the call); "write" = `failure()` (the locked read-modify-write',
  'that records it: lock, read, validate, `.bak`, atomic replace with fsync of the file and its folder). Every hook in the file ran,',
  'passed and failed once, so every field is filled; names are hook commands of 64 characters.',
  '',
  '| hooks | file | read p50 ms | read p99 ms | write p50 ms | write p99 ms |',
  '|---:|---:|---:|---:|---:|---:|',
];
for (const r of rows) {
  lines.push(
    `| ${r.n} | ${(r.bytes / 1024).toFixed(0)} KiB | ${ms(pct(r.read, 50))} | ${ms(pct(r.read, 99))} | ${ms(pct(r.write, 50))} | ${ms(pct(r.write, 99))} |`,
  );
}
const tested = rows.find((r) => r.n === 100);
const limit = rows.find((r) => r.n === 1000);
const verdict = (ok) => (ok ? 'met' : 'NOT met');
lines.push(
  '',
  "Goals (seed 000's figures, at the 100 hooks it tested):",
  `- read p50 ${ms(pct(tested.read, 50))} ms (goal < 1 ms): ${verdict(pct(tested.read, 50) < 1)}`,
  `- write p50 ${ms(pct(tested.write, 50))} ms (goal < 5 ms): ${verdict(pct(tested.write, 50) < 5)}`,
  `- 1,000 hooks: ${(limit.bytes / 1024).toFixed(0)} KiB (the seed expects about 500 KB; no time is promised there), read p50 ${ms(pct(limit.read, 50))} ms, write p50 ${ms(pct(limit.write, 50))} ms`,
);
const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
writeFileSync(join(here, 'results', 'breaker-file-scale.md'), text);
