// Question: what does guarding an in-memory call with @steadystate/circuit-breaker cost per call,
// against cockatiel and opossum, in the closed (healthy) state?
// Goal: ours (MemoryStore) ns/call <= cockatiel ns/call, in the same run.
// Run after a build: `node bench/breaker-overhead.mjs` (BENCH_ROUNDS, BENCH_CALLS to tune).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CircuitBreaker, MemoryStore } from '@steadystate/circuit-breaker';
import { ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import Opossum from 'opossum';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const CALLS = Number(process.env.BENCH_CALLS ?? 40_000);
const here = dirname(fileURLToPath(import.meta.url));
const value = { ok: true };
const fn = () => value;

/** MemoryStore without its synchronous fast path: what any async store pays at the least. */
function asyncOnly(inner) {
  return {
    update: (n, f) => inner.update(n, f),
    get: (n) => inner.get(n),
    list: () => inner.list(),
    totals: () => inner.totals(),
  };
}

const cockatiel = circuitBreaker(handleAll, { halfOpenAfter: 300_000, breaker: new ConsecutiveBreaker(3) });
// timeout: false: opossum's default arms a 10 s timer per call, which would only add to its cost.
const opossum = new Opossum(fn, { timeout: false, resetTimeout: 300_000 });
const ours = new CircuitBreaker({ name: 'bench', store: new MemoryStore() });
const oursAsync = new CircuitBreaker({ name: 'bench', store: asyncOnly(new MemoryStore()) });

const contenders = {
  'baseline: `await fn()`': async () => fn(),
  'steadystate, MemoryStore': () => ours.execute(fn),
  'steadystate, async store': () => oursAsync.execute(fn),
  'cockatiel 3': () => cockatiel.execute(fn),
  'opossum 9': () => opossum.fire(),
};

async function timeRun(call, calls) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  return Number(process.hrtime.bigint() - start) / calls;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const names = Object.keys(contenders);
for (const name of names) await timeRun(contenders[name], CALLS / 4); // warm-up (JIT)
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < ROUNDS; r++) {
  // rotate the order so no contender always runs first (or right after a GC-heavy one)
  for (let k = 0; k < names.length; k++) {
    const name = names[(r + k) % names.length];
    samples[name].push(await timeRun(contenders[name], CALLS));
  }
}
opossum.shutdown();

const status = await ours.status();
if (status.successCount !== (ROUNDS + 0.25) * CALLS)
  throw new Error(`bench: counted ${status.successCount} calls`);

const med = Object.fromEntries(names.map((n) => [n, median(samples[n])]));
const fmt = (ns) => ns.toFixed(0);
// paired per round: both ran seconds apart, so a busy machine slows both about equally
const ratio = median(samples['steadystate, MemoryStore'].map((x, i) => x / samples['cockatiel 3'][i]));
const lines = [
  '## circuit-breaker: per-call overhead in memory vs cockatiel and opossum',
  '',
  `Script: \`bench/breaker-overhead.mjs\`. Node ${process.version}, ${cpus().length} CPUs, ${process.platform}.`,
  `Each round times ${CALLS} sequential \`await breaker.execute(() => value)\` calls per contender (closed`,
  `circuit, every call succeeds); ns/call are medians of ${ROUNDS} rounds after a warm-up, order rotated per round.`,
  'The ratio is the median over rounds of ours / cockatiel in the same round (robust to a busy machine).',
  '',
  '- **baseline**: `await fn()` alone, the loop and promise cost every contender pays.',
  '- **steadystate, MemoryStore**: `new CircuitBreaker({ name, store: new MemoryStore() })`, default policy;',
  "  the breaker uses the store's synchronous `updateSync` (acquire + success, no promise hop per step).",
  '- **steadystate, async store**: the same MemoryStore behind only the async `update()`, the floor for any async store.',
  '- **cockatiel 3**: `circuitBreaker(handleAll, { breaker: new ConsecutiveBreaker(3), halfOpenAfter })`.',
  '- **opossum 9**: `new CircuitBreaker(fn, { timeout: false, resetTimeout })`, `.fire()`.',
  '',
  '| contender | ns/call (median) | min | max |',
  '|---|---:|---:|---:|',
  ...names.map(
    (n) => `| ${n} | ${fmt(med[n])} | ${fmt(Math.min(...samples[n]))} | ${fmt(Math.max(...samples[n]))} |`,
  ),
  '',
  `Goal: steadystate (MemoryStore) at or below cockatiel. Measured: ${fmt(med['steadystate, MemoryStore'])} ns vs ${fmt(med['cockatiel 3'])} ns,`,
  `ours / cockatiel = ${ratio.toFixed(2)}x: ${ratio <= 1 ? 'met' : 'missed'}.`,
  '',
];
const text = lines.join('\n');
process.stdout.write(text);
writeFileSync(join(here, 'results', 'breaker-overhead.md'), text);
