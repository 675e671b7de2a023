// Question: what do save, load and checkpoint cost on each @steadystate/checkpoint backend
// (memory, json, sqlite, redis) at 1 KB and 100 KB, and how many bytes do 1,000 checkpoints of
// a 100 KB state that changes 1% per step take, side by side with LangGraph.js's SQLite
// checkpointer (SqliteSaver) on the same data?
// Goals: on SQLite, our checkpoint step (`save(key, state, { checkpoint })`: the state stored and
// a restorable checkpoint, in one call and one transaction) faster than SqliteSaver.put, our load
// faster than SqliteSaver.getTuple, and under a tenth of SqliteSaver's bytes.
// Run after a build: `node bench/checkpoint-backends.mjs` (Redis rows need a server at
// REDIS_URL, default redis://127.0.0.1:6379; they are skipped when it is not reachable).
// Files live in the OS temp folder; the report says what that is stored on (on tmpfs fsync costs nothing).
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { StateManager } from '@steadystate/checkpoint';
import { RedisBackend } from '@steadystate/checkpoint/redis';
import { SqliteBackend } from '@steadystate/checkpoint/sqlite';
import { Redis } from 'ioredis';
import { reseed, SIZES, stateOf, step } from './checkpoint-data.mjs';
import { putState, THREAD } from './langgraph-put.mjs';
import { ms, pct, timed } from './stats.mjs';
import { tempFolderNote } from './temp-folder.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ITERATIONS = {
  '1 KB': Number(process.env.BENCH_ITER_SMALL ?? 150),
  '100 KB': Number(process.env.BENCH_ITER_LARGE ?? 40),
};
const OP_BUDGET_MS = Number(process.env.BENCH_OP_BUDGET_MS ?? 2500); // per backend and size, after warm-up
// untimed iterations first, the same for every store: with too few, whoever runs first in this
// process is measured before its code is optimised (3 were too few for SqliteSaver at 1 KB)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
// the JSON backend writes one file per blob: 1,000 checkpoints of it take minutes, so opt-in
const BYTES_ALL = process.env.BENCH_BYTES_ALL === '1';
const STEPS = Number(process.env.BENCH_STEPS ?? 1000);
const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'bench-checkpoint-'));
const runId = `bench-checkpoint-${process.pid}-${Date.now().toString(36)}`;

// ------------------------------------------------------------------ helpers (data: checkpoint-data.mjs)
const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
const mib = (b) => `${(b / 1024 / 1024).toFixed(2)} MiB`;
/** Logical bytes of a file or folder tree, and the bytes the file system allocated for them. */
const sizeOf = (path) => {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return { bytes: 0, disk: 0 };
  if (!st.isDirectory()) return { bytes: st.size, disk: st.blocks * 512 };
  return readdirSync(path).reduce(
    (sum, f) => {
      const s = sizeOf(join(path, f));
      return { bytes: sum.bytes + s.bytes, disk: sum.disk + s.disk };
    },
    { bytes: 0, disk: st.blocks * 512 },
  );
};
const reachable = (url) =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const s = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
async function dropPrefix(prefix) {
  const admin = new Redis(REDIS_URL);
  let cursor = '0';
  let bytes = 0;
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) bytes += Number((await admin.memory('USAGE', k)) ?? 0);
    if (keys.length) await admin.del(...keys);
  } while (cursor !== '0');
  await admin.quit();
  return bytes;
}

const redisUp = await reachable(REDIS_URL);
const notes = [];
if (!redisUp) notes.push(`Redis is not reachable at ${REDIS_URL}: its rows are skipped.`);

/** Opens a manager on backend `kind`; `finish()` closes it and returns the bytes it stored. */
async function openBackend(kind, label) {
  const dir = mkdtempSync(join(root, `${kind}-`));
  if (kind === 'memory')
    return {
      m: await StateManager.open({ backend: 'memory', namespace: 'bench' }),
      finish: async () => undefined,
    };
  if (kind === 'json') {
    const m = await StateManager.open({ backend: 'json', namespace: 'bench', dir });
    const finish = async () => {
      await m.close();
      return sizeOf(dir);
    };
    return { m, finish };
  }
  if (kind.startsWith('sqlite')) {
    const file = join(dir, 'state.db');
    const backend = new SqliteBackend({
      file,
      synchronous: kind === 'sqlite (synchronous=full)' ? 'full' : 'normal',
    });
    const m = await StateManager.open({ backend, namespace: 'bench' });
    return {
      m,
      finish: async () => {
        await m.close();
        await backend.close();
        return sizeOf(dir); // the last connection closing folds the WAL into the file
      },
    };
  }
  const prefix = `${runId}-${label}`;
  const backend = new RedisBackend({ url: REDIS_URL, prefix });
  const m = await StateManager.open({ backend, namespace: 'bench' });
  const finish = async () => {
    await m.close();
    await backend.close();
    return { bytes: await dropPrefix(prefix), disk: undefined };
  };
  return { m, finish };
}

// ------------------------------------------------------------------ 1. latency
const kinds = ['memory', 'json', 'sqlite', 'sqlite (synchronous=full)', ...(redisUp ? ['redis'] : [])];
// what each SQLite side promises after a write returns (read back from SqliteSaver's connection)
const SYNC = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
const durability = { langgraph: '?' };
const latency = [];
for (const [size, n] of SIZES) {
  const iterations = ITERATIONS[size];
  for (const kind of kinds) {
    const { m, finish } = await openBackend(kind, `lat-${size.replace(' ', '')}`);
    let state = stateOf(n);
    const save = [];
    const load = [];
    const cp = [];
    const one = [];
    let started = performance.now();
    for (let i = 0; i < iterations + WARMUP; i++) {
      // each timed alone: save, load, checkpoint; then, after another change, the one-call step
      state = step(state, 2 * i);
      const s = await timed(() => m.save('state', state));
      const l = await timed(() => m.load('state'));
      const c = await timed(() => m.checkpoint(`cp-${i}`));
      state = step(state, 2 * i + 1);
      const o = await timed(() => m.save('state', state, { checkpoint: `step-${i}` }));
      if (i < WARMUP) {
        started = performance.now();
        continue;
      }
      save.push(s);
      load.push(l);
      cp.push(c);
      one.push(o);
      if (performance.now() - started > OP_BUDGET_MS) break;
    }
    await finish();
    latency.push({ who: kind, size, n: save.length, save, load, cp, step: one });
  }
  // LangGraph's SqliteSaver: put = store a whole checkpoint; getTuple = read the latest
  const saver = SqliteSaver.fromConnString(join(mkdtempSync(join(root, 'lg-')), 'lg.db'));
  let config = THREAD;
  let state = stateOf(n);
  const put = [];
  const get = [];
  let started = performance.now();
  for (let i = 0; i < iterations + WARMUP; i++) {
    state = step(state, i);
    const p = await timed(async () => {
      config = await putState(saver, config, state, i);
    });
    const g = await timed(() => saver.getTuple(THREAD));
    if (i < WARMUP) {
      started = performance.now();
      continue;
    }
    put.push(p);
    get.push(g);
    if (performance.now() - started > OP_BUDGET_MS) break;
  }
  durability.langgraph = `journal_mode=${saver.db.pragma('journal_mode', { simple: true })}, synchronous=${SYNC[saver.db.pragma('synchronous', { simple: true })]}`;
  saver.db.close();
  latency.push({ who: 'LangGraph SqliteSaver', size, n: put.length, put, get });
}

// ------------------------------------------------------------------ 2. bytes after STEPS checkpoints
async function ourBytes(kind) {
  const { m, finish } = await openBackend(kind, 'bytes');
  reseed(7);
  let state = stateOf(1000);
  const t = performance.now();
  for (let i = 1; i <= STEPS; i++) {
    state = step(state, i);
    await m.save('state', state, { checkpoint: `step-${i}` });
  }
  const checkpoints = (await m.listCheckpoints()).length;
  const back = await m.restore(`step-${STEPS}`).then(() => m.load('state'));
  if (JSON.stringify(back) !== JSON.stringify(state) || checkpoints !== STEPS)
    throw new Error(`${kind}: the last checkpoint does not restore the last state`);
  const seconds = (performance.now() - t) / 1000;
  process.stderr.write(`bytes: ${kind} done in ${seconds.toFixed(1)} s\n`);
  return { who: kind, ...(await finish()), seconds };
}
async function langGraphBytes() {
  const dir = mkdtempSync(join(root, 'lg-bytes-'));
  const saver = SqliteSaver.fromConnString(join(dir, 'lg.db'));
  reseed(7);
  let state = stateOf(1000);
  let config = THREAD;
  const t = performance.now();
  for (let i = 1; i <= STEPS; i++) {
    state = step(state, i);
    config = await putState(saver, config, state, i - 1);
  }
  saver.db.close();
  return { who: 'LangGraph SqliteSaver', ...sizeOf(dir), seconds: (performance.now() - t) / 1000 };
}
const stateBytes = JSON.stringify(stateOf(1000)).length;
const sizes = [await langGraphBytes()];
for (const kind of ['sqlite', ...(redisUp ? ['redis'] : []), ...(BYTES_ALL ? ['json'] : [])])
  sizes.push(await ourBytes(kind));
if (!BYTES_ALL)
  notes.push(
    'JSON backend bytes not measured (one file per blob, minutes for 1,000 checkpoints): run with BENCH_BYTES_ALL=1.',
  );
rmSync(root, { recursive: true, force: true });

// ------------------------------------------------------------------ report
const lg = (size) => latency.find((r) => r.who === 'LangGraph SqliteSaver' && r.size === size);
const ours = (who, size) => latency.find((r) => r.who === who && r.size === size);
const lines = [
  '## checkpoint: backend latency and bytes, against LangGraph.js SqliteSaver',
  '',
  `Script: \`bench/checkpoint-backends.mjs\`. Node ${process.version}, ${cpus().length} CPUs, ${process.platform}; ${tempFolderNote()}.`,
  'State: `{ run, step, items }` with items of ~100 B of JSON (10 items ~ 1 KB, 1000 items ~ 100 KB); every step changes 1% of the items (at least one).',
  `${WARMUP} untimed warm-up iterations per store and size, then per iteration: change the state, \`save\` it, \`load\` it, \`checkpoint\` it (each timed alone); change it again and time "step" = \`save('state', state, { checkpoint: name })\`,`,
  "one call that keeps the state AND a restorable history point (one transaction on SQLite): the work LangGraph's `put` does (it stores the whole state as a new checkpoint).",
  'LangGraph `put` gets a new checkpoint of the same state each iteration; `getTuple` reads the latest checkpoint of the thread.',
  `Durability of a returned write: our \`sqlite\` rows journal_mode=WAL, synchronous=NORMAL (the backend's default \`synchronous: 'normal'\`; the \`synchronous=full\` row: FULL); SqliteSaver ${durability.langgraph}.`,
  '',
  '| store | size | iterations | save p50 ms | save p99 ms | load p50 ms | load p99 ms | checkpoint p50 ms | checkpoint p99 ms | step p50 ms | step p99 ms |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const r of latency) {
  if (r.put) {
    lines.push(
      `| ${r.who} (put / getTuple) | ${r.size} | ${r.n} | — | — | ${ms(pct(r.get, 50))} | ${ms(pct(r.get, 99))} | — | — | ${ms(pct(r.put, 50))} | ${ms(pct(r.put, 99))} |`,
    );
  } else {
    lines.push(
      `| ${r.who} | ${r.size} | ${r.n} | ${ms(pct(r.save, 50))} | ${ms(pct(r.save, 99))} | ${ms(pct(r.load, 50))} | ${ms(pct(r.load, 99))} | ${ms(pct(r.cp, 50))} | ${ms(pct(r.cp, 99))} | ${ms(pct(r.step, 50))} | ${ms(pct(r.step, 99))} |`,
    );
  }
}
lines.push(
  '',
  `Bytes after ${STEPS} checkpoints of a ${kib(stateBytes)} state (1000 items, 10 changed per step), each checked by restoring the last one.`,
  "SQLite and JSON: size of the files after close (WAL folded in), and the blocks the file system allocated; Redis: sum of `MEMORY USAGE` of the backend's keys.",
  '',
  '| store | bytes | vs LangGraph | allocated on disk | time for all steps |',
  '|---|---:|---:|---:|---:|',
);
const lgBytes = sizes[0].bytes;
for (const s of sizes) {
  const disk = s.disk === undefined ? '—' : mib(s.disk);
  lines.push(
    `| ${s.who} | ${mib(s.bytes)} | ${(s.bytes / lgBytes).toFixed(3)}x | ${disk} | ${s.seconds.toFixed(1)} s |`,
  );
}
const sqliteBytes = sizes.find((s) => s.who === 'sqlite').bytes;
const verdict = (ok) => (ok ? 'met' : 'NOT met');
lines.push('', 'Goals (SQLite backend against SqliteSaver):');
for (const size of ['1 KB', '100 KB']) {
  const o = ours('sqlite', size);
  const l = lg(size);
  const stepP50 = pct(o.step, 50);
  const putP50 = pct(l.put, 50);
  const loadP50 = pct(o.load, 50);
  const getP50 = pct(l.get, 50);
  lines.push(
    `- ${size}: step (save with checkpoint, one call) p50 ${ms(stepP50)} ms vs put p50 ${ms(putP50)} ms: ${verdict(stepP50 < putP50)} (save alone: ${ms(pct(o.save, 50))} ms, checkpoint alone: ${ms(pct(o.cp, 50))} ms); load p50 ${ms(loadP50)} ms vs getTuple p50 ${ms(getP50)} ms: ${verdict(loadP50 < getP50)}`,
  );
}
lines.push(
  `- bytes: ${mib(sqliteBytes)} vs ${mib(lgBytes)} = ${(sqliteBytes / lgBytes).toFixed(3)}x (goal < 0.1x): ${verdict(sqliteBytes < lgBytes / 10)}`,
);
lines.push(
  '',
  'Why no step can meet the put goal while keeping the other two: the next section, `checkpoint-step-floor`.',
);
for (const n of notes) lines.push('', n);
const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
writeFileSync(join(here, 'results', 'checkpoint-backends.md'), text);
