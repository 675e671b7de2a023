// Question: how fast is a locked read-modify-write of one JSON file when 1..16
// processes do it at once, with @steadystate/file-lock versus proper-lockfile?
// Each process loops for a fixed time: lock, read the counter, +1, atomic write
// (temp + fsync + rename), unlock. Reports updates/s and the lock wait, checks
// the final counter (a locked variant must lose nothing), and adds a "no lock"
// row to show what the lock prevents.
// Run: npx turbo run build --filter=@steadystate/file-lock... && node bench/locked-update.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tempFolderNote } from './temp-folder.mjs';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2); // variants interleaved, so machine drift hits all alike
const GRACE_MS = 2000; // a worker still waiting this long after the end gives up (its wait is censored)
const PROCESS_COUNTS = [1, 4, 8, 16];
const VARIANTS = {
  steadystate: '@steadystate/file-lock',
  'pl-default': 'proper-lockfile, retries: 1000 (retry defaults: minTimeout 1000 ms, factor 2)',
  'pl-tuned': 'proper-lockfile, retries: 1000, minTimeout 5 ms, factor 1.3, randomize',
  none: 'no lock',
};

// ---------------------------------------------------------------- worker
async function atomicWriter() {
  try {
    const { writeJsonAtomic } = await import('@steadystate/atomic-write');
    return { name: '@steadystate/atomic-write writeJsonAtomic', write: (p, v) => writeJsonAtomic(p, v) };
  } catch {
    // not built yet: the same steps inline (temp + fsync + rename + fsync dir)
    return {
      name: 'inline temp+fsync+rename',
      write: async (p, v) => {
        const tmp = `${p}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        const fh = await open(tmp, 'w', 0o600);
        await fh.writeFile(`${JSON.stringify(v, null, 2)}\n`);
        await fh.sync();
        await fh.close();
        await rename(tmp, p);
        const dh = await open(dirname(p), 'r');
        await dh.sync().catch(() => {});
        await dh.close();
      },
    };
  }
}

async function lockerFor(variant, path) {
  if (variant === 'steadystate') {
    const { lock } = await import('@steadystate/file-lock');
    return async (signal) => {
      const h = await lock(path, { timeoutMs: Number.POSITIVE_INFINITY, signal });
      return () => h.release();
    };
  }
  if (variant === 'none') return async () => async () => {};
  const lockfile = (await import('proper-lockfile')).default;
  const retries =
    variant === 'pl-default'
      ? { retries: 1000 }
      : { retries: 1000, minTimeout: 5, factor: 1.3, randomize: true };
  return async () => lockfile.lock(path, { retries, onCompromised: () => {} });
}

async function worker(variant, path) {
  const { write } = await atomicWriter();
  const acquire = await lockerFor(variant, path);
  const lines = createInterface({ input: process.stdin });
  await new Promise((r) => lines.once('line', r)); // "go"
  const start = performance.now();
  const hardStop = new AbortController();
  setTimeout(() => hardStop.abort(), DURATION_MS + GRACE_MS).unref();
  const stopped = new Promise((r) =>
    hardStop.signal.addEventListener('abort', () => r(null), { once: true }),
  );
  const waits = [];
  let censored = 0;
  let updates = 0;
  while (performance.now() - start < DURATION_MS) {
    const t0 = performance.now();
    const release = await Promise.race([acquire(hardStop.signal), stopped]).catch(() => null);
    if (!release) {
      censored++;
      waits.push(performance.now() - t0);
      break;
    }
    waits.push(performance.now() - t0);
    const current = JSON.parse(await readFile(path, 'utf8'));
    await write(path, { count: current.count + 1 });
    updates++;
    await release();
  }
  process.stdout.write(
    `${JSON.stringify({ updates, waits, censored, elapsed: performance.now() - start })}\n`,
  );
  process.exit(0);
}

// ---------------------------------------------------------------- orchestrator
function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function cell(variant, processes) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lock-'));
  const path = join(dir, 'counter.json');
  writeFileSync(path, `${JSON.stringify({ count: 0 })}\n`);
  const self = fileURLToPath(import.meta.url);
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, [self, '--worker', variant, path], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const outputs = children.map(
    (c) =>
      new Promise((resolve) => {
        let out = '';
        c.stdout.on('data', (d) => {
          out += d;
        });
        c.on('close', () => resolve(out));
      }),
  );
  await new Promise((r) => setTimeout(r, 400 + 60 * processes)); // let every worker load its modules
  for (const c of children) c.stdin.write('go\n');
  const reports = (await Promise.all(outputs)).map((o) => JSON.parse(o));
  const final = JSON.parse(readFileSync(path, 'utf8')).count;
  rmSync(dir, { recursive: true, force: true });
  const updates = reports.reduce((s, r) => s + r.updates, 0);
  const elapsed = Math.max(...reports.map((r) => r.elapsed));
  const waits = reports.flatMap((r) => r.waits);
  const censored = reports.reduce((s, r) => s + r.censored, 0);
  return { variant, processes, updates, lost: updates - final, elapsed, waits, censored };
}

function merge(runs) {
  const updates = runs.reduce((s, r) => s + r.updates, 0);
  const elapsed = runs.reduce((s, r) => s + r.elapsed, 0);
  return {
    variant: runs[0].variant,
    processes: runs[0].processes,
    updates,
    lost: runs.reduce((s, r) => s + r.lost, 0),
    perSec: (updates / elapsed) * 1000,
    waits: runs.flatMap((r) => r.waits).sort((a, b) => a - b),
    censored: runs.reduce((s, r) => s + r.censored, 0),
  };
}

async function main() {
  const { name: writerName } = await atomicWriter();
  const load = os.loadavg()[0];
  const rows = [];
  for (const processes of PROCESS_COUNTS) {
    const runs = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = Object.keys(VARIANTS);
      if (round % 2 === 1) order.reverse();
      for (const variant of order) {
        const r = await cell(variant, processes);
        runs[variant].push(r);
        process.stderr.write(
          `${variant} x${processes}: ${((r.updates / r.elapsed) * 1000).toFixed(1)}/s lost ${r.lost}\n`,
        );
      }
    }
    for (const variant of Object.keys(VARIANTS)) rows.push(merge(runs[variant]));
  }
  const fmt = (n) => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(1) : Math.round(n).toString());
  const lines = [
    '## Locked read-modify-write of one JSON file (`bench/locked-update.mjs`)',
    '',
    `Each process loops for ${DURATION_MS / 1000} s: lock, read \`{count}\`, +1, atomic write (${writerName}), unlock;`,
    `${ROUNDS} rounds per cell, variants interleaved, figures pooled.`,
    'Wait = time from asking for the lock to holding it. "lost" = updates the processes made minus the final counter.',
    'A wait still pending 2 s after the end is cut off and counted at its length so far (marked ≥).',
    '',
    '| processes | variant | updates/s | p50 wait ms | p99 wait ms | updates | lost |',
    '|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const p99 = percentile(r.waits, 99);
    const ge = r.censored > 0 && r.waits.filter((w) => w >= p99).length <= r.censored ? '≥' : '';
    lines.push(
      `| ${r.processes} | ${VARIANTS[r.variant]} | ${fmt(r.perSec)} | ${fmt(percentile(r.waits, 50))} | ${ge}${fmt(p99)} | ${r.updates} | ${r.lost} |`,
    );
  }
  const at8 = (v) => rows.find((r) => r.processes === 8 && r.variant === v);
  const ours = at8('steadystate');
  const tuned = at8('pl-tuned');
  const ratio = ours.perSec / tuned.perSec;
  const p99 = percentile(ours.waits, 99);
  const lockedLost = rows.filter((r) => r.variant !== 'none').reduce((s, r) => s + Math.abs(r.lost), 0);
  const met = ratio >= 4 && p99 < 100 && lockedLost === 0;
  lines.push(
    '',
    `Goal at 8 processes: at least 4x the updates/s of tuned proper-lockfile, p99 wait under 100 ms, zero lost updates with a lock.`,
    `The work alone (1 process, no lock) runs at ${fmt(rows.find((r) => r.processes === 1 && r.variant === 'none').perSec)} updates/s: no lock can make 8 processes faster than that.`,
    `Measured: ${ratio.toFixed(1)}x (${fmt(ours.perSec)} vs ${fmt(tuned.perSec)} updates/s), p99 wait ${fmt(p99)} ms, ${lockedLost} lost with a lock: **${met ? 'met' : 'NOT met'}**.`,
    '',
    `Node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cores, load average ${load.toFixed(1)} at the start; ${tempFolderNote()}.`,
    '',
  );
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
  await mkdir(out, { recursive: true });
  writeFileSync(join(out, 'locked-update.md'), text);
}

if (process.argv[2] === '--worker') await worker(process.argv[3], process.argv[4]);
else await main();
