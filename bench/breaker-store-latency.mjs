// Question: what does one breaker decision (acquire + record success) cost when the state is
// shared by processes, with FileStore (one JSON file, locked writes) and RedisStore (Lua
// compare-and-set), with 1 and with 8 processes hammering the same breaker? For scale, the
// in-process references: MemoryStore and opossum (in memory, nothing shared).
// Goal: a guarded hook call stays well under the cost of starting the hook itself:
//   FileStore p99 <= 50 ms and RedisStore p99 <= 10 ms with 8 processes deciding ~10 times/s each.
// Run after a build: `node bench/breaker-store-latency.mjs` (Redis rows need a server at
// REDIS_URL, default redis://127.0.0.1:6379; they are skipped when it is not reachable).
// The state file lives in the OS temp folder; the report says what that is stored on.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempFolderNote } from './temp-folder.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const here = dirname(fileURLToPath(import.meta.url));
const script = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------- child: one process's loop
async function child(opts) {
  const { CircuitBreaker, FileStore, MemoryStore } = await import('@steadystate/circuit-breaker');
  let store;
  let decide;
  if (opts.store === 'opossum') {
    const { default: Opossum } = await import('opossum');
    const breaker = new Opossum(async () => undefined, { timeout: false });
    decide = () => breaker.fire();
  } else {
    if (opts.store === 'memory') store = new MemoryStore();
    else if (opts.store === 'file') store = new FileStore(opts.path);
    else {
      const { RedisStore } = await import('@steadystate/circuit-breaker/redis');
      store = new RedisStore({ url: opts.url, namespace: opts.namespace });
    }
    const breaker = new CircuitBreaker({ name: 'bench', store, policy: { failureThreshold: 1_000_000 } });
    decide = async () => {
      const d = await breaker.acquire();
      if (!d.allowed) throw new Error(`bench: unexpected rejection ${d.message}`);
      await d.success();
    };
  }
  for (let i = 0; i < 50; i++) await decide(); // warm-up, before the barrier
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const latencies = [];
  const end = performance.now() + opts.seconds * 1000;
  let next = performance.now();
  while (performance.now() < end) {
    const t0 = performance.now();
    await decide();
    latencies.push(performance.now() - t0);
    if (opts.intervalMs) {
      // paced: one decision every intervalMs (a random phase so processes do not align)
      next += opts.intervalMs * (0.5 + Math.random());
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
  await store?.close?.();
  // microseconds with one decimal; exit only once the pipe took all of it
  const text = `${JSON.stringify(latencies.map((ms) => Math.round(ms * 10_000) / 10))}\n`;
  process.stdout.write(text, () => process.exit(0));
}

// ---------------------------------------------------------------- parent
function start(opts) {
  const proc = spawn(process.execPath, [script, '--child', JSON.stringify(opts)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
  });
  const ready = new Promise((resolve, reject) => {
    const check = () => out.startsWith('ready\n') && resolve();
    proc.stdout.on('data', check);
    proc.on('close', (code) => reject(new Error(`child exited with ${code} before ready`)));
  });
  const done = new Promise((resolve, reject) =>
    proc.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice('ready\n'.length)))
        : reject(new Error(`child exited ${code}`)),
    ),
  );
  return { proc, ready, done };
}

async function run(opts, procs) {
  const children = Array.from({ length: procs }, () => start(opts));
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.proc.stdin.write('go\n');
  const all = (await Promise.all(children.map((c) => c.done))).flat().sort((a, b) => a - b);
  const pct = (p) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] / 1000;
  return { count: all.length, p50: pct(50), p99: pct(99), rate: all.length / opts.seconds };
}

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function parent() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-breaker-'));
  const redisUp = await reachable(REDIS_URL);
  const namespace = `steadystate-bench:${process.pid}`;
  const file = (n) => ({ store: 'file', path: join(dir, `state-${n}.json`) });
  const redis = (n) => ({ store: 'redis', url: REDIS_URL, namespace: `${namespace}:${n}` });
  const PACE = 100; // ms between decisions of one process in the paced rows (10/s per process)
  const cases = [
    ['opossum (in memory, not shared)', 'loop', { store: 'opossum' }, 1],
    ['MemoryStore (in memory, not shared)', 'loop', { store: 'memory' }, 1],
    ['FileStore', 'loop', file(1), 1],
    ['FileStore', 'loop', file(2), 8],
    ['FileStore', `every ${PACE} ms`, { ...file(3), intervalMs: PACE }, 8],
    ['RedisStore', 'loop', redis(1), 1],
    ['RedisStore', 'loop', redis(2), 8],
    ['RedisStore', `every ${PACE} ms`, { ...redis(3), intervalMs: PACE }, 8],
  ];
  const rows = [];
  const results = {};
  for (const [label, load, opts, procs] of cases) {
    if (opts.store === 'redis' && !redisUp) {
      rows.push(`| ${label} | ${procs} | ${load} | skipped: Redis not reachable at ${REDIS_URL} | | | |`);
      continue;
    }
    const r = await run({ ...opts, seconds: SECONDS }, procs);
    results[`${opts.store}-${procs}-${opts.intervalMs ? 'paced' : 'loop'}`] = r;
    rows.push(
      `| ${label} | ${procs} | ${load} | ${r.count} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.rate.toFixed(0)} |`,
    );
  }
  if (redisUp) await cleanupRedis(namespace);
  rmSync(dir, { recursive: true, force: true });

  const verdict = (key, goal) => {
    const r = results[key];
    if (!r) return `${key}: not measured`;
    return `p99 ${r.p99.toFixed(2)} ms (goal <= ${goal} ms): ${r.p99 <= goal ? 'met' : 'NOT met'}`;
  };
  const text = `## circuit-breaker: decision latency of the shared stores

Script: \`bench/breaker-store-latency.mjs\`. Node ${process.version}, ${cpus().length} CPUs, ${process.platform}.
One decision = \`await breaker.acquire()\` then \`await permit.success()\` on a closed breaker, timed
end to end in each process. With N processes, all of them loop on the SAME breaker for ${SECONDS} s
after a start barrier; the percentiles are over every decision of every process. The state file:
${tempFolderNote()}.

- **FileStore**: acquire on a closed breaker is a plain read (no lock, nothing changes); the
  success is one locked read-modify-write of the JSON file (fsync, \`.bak\`).
- **RedisStore**: one HMGET per step plus one Lua compare-and-set for the success; conflicts retry.
- **opossum**, **MemoryStore**: in one process, nothing shared: the floor, for scale.

| store | processes | load | decisions | p50 ms | p99 ms | decisions/s (all processes) |
|---|---:|---|---:|---:|---:|---:|
${rows.join('\n')}

Goal: a guarded hook call stays far below the cost of starting the hook process itself
(judged on the paced load; the loop rows give the capacity).
- FileStore, 8 processes every ${PACE} ms: ${verdict('file-8-paced', 50)}
- RedisStore, 8 processes every ${PACE} ms: ${verdict('redis-8-paced', 10)}
`;
  process.stdout.write(text);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'breaker-store-latency.md'), text);
}

async function cleanupRedis(namespace) {
  const { Redis } = await import('ioredis');
  const client = new Redis(REDIS_URL);
  const keys = await client.keys(`${namespace}*`);
  if (keys.length > 0) await client.del(...keys);
  await client.quit();
}

if (process.argv[2] === '--child') await child(JSON.parse(process.argv[3]));
else await parent();
