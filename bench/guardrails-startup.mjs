// Question: what does wrapping a hook in `guardrails run` add to its start-up, against
// starting Node itself (`node -e 0`) and the bare command (`true`)?
// Goal: median wall time of `guardrails run -- true` <= 1.25x the median of `node -e 0`.
// Run after a build (`npx turbo run build --filter=@steadystate/guardrails...`):
// `node bench/guardrails-startup.mjs`. The three commands alternate (so machine noise
// hits them alike), BENCH_RUNS each (default 40), on a fresh state folder in the OS temp
// folder: every guarded run reads state.json and does one locked, fsynced update of it, as in real use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'apps', 'guardrails', 'dist', 'cli.cjs');
if (!existsSync(bin)) throw new Error(`bench: expected the built bin at ${bin}; build first`);
const root = mkdtempSync(join(tmpdir(), 'bench-guardrails-'));
const env = {
  ...process.env,
  HOME: root,
  GUARDRAILS_STATE_DIR: join(root, 'state'),
  CLAUDE_PROJECT_DIR: root,
  CLAUDE_PLUGIN_DATA: '',
  NO_COLOR: '1',
};
const node = process.execPath;
const trueBin = ['/usr/bin/true', '/bin/true'].find(existsSync) ?? 'true';
const falseBin = ['/usr/bin/false', '/bin/false'].find(existsSync) ?? 'false';

// The floor: the least a Node wrapper with the same duties can do through Node's public
// API, hand-written in one small file with no library. It looks for the two config files,
// reads and parses the state, spawns the command with node:child_process, stdio inherited
// (what guardrails does for a healthy hook), then takes a mkdir lock, re-reads the state,
// writes it to a temp file, fsyncs it, renames it over, fsyncs the folder and drops the lock.
const floorDir = join(root, 'floor');
mkdirSync(floorDir);
const floorScript = join(root, 'floor.cjs');
writeFileSync(
  floorScript,
  `const fs = require('fs');
const { spawn } = require('child_process');
const dir = ${JSON.stringify(floorDir)};
const file = dir + '/state.json';
for (const f of [${JSON.stringify(join(root, '.claude', 'guardrails.json'))}, ${JSON.stringify(join(root, 'x', '.claude', 'guardrails.json'))}]) {
  try { fs.readFileSync(f, 'utf8'); } catch {}
}
const read = () => { try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return { runs: 0 }; } };
read();
const child = spawn(process.argv[2], [], { stdio: 'inherit', detached: true });
child.on('exit', (code) => child.on('close', () => {
  fs.mkdirSync(file + '.lock');
  const doc = read();
  doc.runs += 1;
  doc.last = new Date().toISOString();
  const temp = file + '.' + process.pid;
  const fd = fs.openSync(temp, 'wx', 0o600);
  fs.writeSync(fd, JSON.stringify(doc, null, 2) + '\\n');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(temp, file);
  const dfd = fs.openSync(dir, 'r');
  fs.fsyncSync(dfd);
  fs.closeSync(dfd);
  fs.rmdirSync(file + '.lock');
  process.exit(code);
}));
`,
);

const contenders = [
  { name: '`true` alone', file: trueBin, args: [] },
  { name: '`node -e 0`', file: node, args: ['-e', '0'] },
  { name: '`guardrails run -- true`', file: node, args: [bin, 'run', '--', trueBin] },
  {
    name: 'floor: a hand-written script doing the same work (no library)',
    file: node,
    args: [floorScript, trueBin],
  },
  {
    // a hook that keeps failing (threshold out of reach): its stderr is teed through a pipe
    // by node:child_process, to record its last line
    name: '`guardrails run -- false` while failing (stderr teed)',
    file: node,
    args: [bin, 'run', '--name', 'failing', '--', falseBin],
    env: { GUARDRAILS_FAILURE_THRESHOLD: '1000000000' },
    status: 1,
  },
  { name: '`guardrails --version` (bundle load only)', file: node, args: [bin, '--version'] },
  {
    name: '`guardrails run -- true` without the code cache',
    file: node,
    args: [bin, 'run', '--', trueBin],
    env: { GUARDRAILS_NO_CODE_CACHE: '1' },
  },
];

function once(c) {
  const start = process.hrtime.bigint();
  const r = spawnSync(c.file, c.args, {
    env: { ...env, ...c.env },
    cwd: root,
    input: '{"hook_event_name":"PostToolUse"}',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== (c.status ?? 0)) throw new Error(`bench: ${c.name} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// warm-up: file cache, first state write
for (const c of contenders) for (let i = 0; i < 3; i++) once(c);
const times = new Map(contenders.map((c) => [c.name, []]));
for (let i = 0; i < RUNS; i++) for (const c of contenders) times.get(c.name).push(once(c));

// the skip path (breaker open): a failing hook three times, then the same call skipped
const failing = {
  name: '`guardrails run -- false` (open: skipped)',
  file: node,
  args: [bin, 'run', '--name', 'skip', '--', 'false'],
};
for (let i = 0; i < 3; i++) spawnSync(failing.file, failing.args, { env });
const skipTimes = [];
for (let i = 0; i < RUNS; i++) {
  const start = process.hrtime.bigint();
  const r = spawnSync(failing.file, failing.args, { env });
  skipTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (r.status !== 0 || !String(r.stdout).includes('systemMessage'))
    throw new Error('bench: expected a skip');
}
times.set(failing.name, skipTimes);

const nodeMedian = quantile(times.get('`node -e 0`'), 0.5);
const rows = [...times].map(([name, xs]) => {
  const median = quantile(xs, 0.5);
  return `| ${name} | ${median.toFixed(1)} | ${quantile(xs, 0.9).toFixed(1)} | ${(median / nodeMedian).toFixed(2)}x |`;
});
const guarded = quantile(times.get('`guardrails run -- true`'), 0.5);
const ratio = guarded / nodeMedian;
const kb = (name) => (statSync(join(dirname(bin), name)).size / 1024).toFixed(0);
const text = `## guardrails start-up (bench/guardrails-startup.mjs)

What \`guardrails run\` adds to a hook: wall time of one spawn, ${RUNS} runs each, alternating,
on a fresh state folder (each guarded run: config lookup, state read, one locked fsynced update).
Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${process.platform}.

| command | median ms | p90 ms | vs \`node -e 0\` |
|---|---:|---:|---:|
${rows.join('\n')}

The bin dist/cli.cjs loads dist/run.cjs (${kb('run.cjs')} KB minified, \`run\` alone) for \`guardrails run\` and
dist/guardrails.cjs (${kb('guardrails.cjs')} KB, every command) for the rest, each through a V8 code cache written
beside it by its first use (the warm-up runs write them here). A healthy hook is started with
its stdio inherited through libuv's process handle directly (no node:child_process to load);
a failing one through node:child_process with its stderr teed (the "while failing" row). The
floor row is a one-file script with no library that does what a guarded run of a healthy hook
must, through Node's public API: two config look-ups, a state read, the spawn
(node:child_process, stdio inherited), then a mkdir-locked, fsynced atomic rewrite of the state.

Goal: \`guardrails run -- true\` <= 1.25x \`node -e 0\`. Measured: ${ratio.toFixed(2)}x (${(guarded - nodeMedian).toFixed(1)} ms over Node's own start-up): ${ratio <= 1.25 ? 'met' : 'NOT met'}.
`;
process.stdout.write(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'guardrails-startup.md'), text);
rmSync(root, { recursive: true, force: true });
