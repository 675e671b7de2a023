// Question: what does a crash-safe JSON write with writeJsonAtomic cost, against
// (a) the floor: raw fs doing the minimum durable replace (open temp, write,
// fsync, close, rename, fsync dir), and (b) write-file-atomic alone (which
// does not fsync the directory)?
// Goal: ours ops/s >= floor ops/s / 1.2.
// Run after a build: `node bench/atomic-write.mjs`. It writes into the OS temp
// folder; the report says what that is stored on (on tmpfs fsync costs nothing).
import { close, fsync, mkdirSync, mkdtempSync, open, rename, rmSync, write, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeJsonAtomic } from '@steadystate/atomic-write';
import writeFileAtomic from 'write-file-atomic';
import { tempFolderNote } from './temp-folder.mjs';

const openP = promisify(open);
const writeP = promisify(write);
const fsyncP = promisify(fsync);
const closeP = promisify(close);
const renameP = promisify(rename);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 120);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'bench-atomic-write-'));

/** A JSON document of about `bytes` bytes once stringified with 2 spaces. */
function documentOf(bytes) {
  const items = [];
  let i = 0;
  while (JSON.stringify({ items }, null, 2).length < bytes) {
    items.push({ id: i, name: `item-${i}`, done: i % 3 === 0, tags: ['a', 'b'] });
    i += 1;
  }
  return { version: 1, items };
}

function contenders(dir) {
  const target = join(dir, 'doc.json');
  let n = 0;
  return {
    floor: async (doc) => {
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      n += 1;
      const tmp = `${target}.${process.pid}.${n}.tmp`;
      const fd = await openP(tmp, 'wx', 0o600);
      await writeP(fd, text);
      await fsyncP(fd);
      await closeP(fd);
      await renameP(tmp, target);
      const dfd = await openP(dir, 'r');
      await fsyncP(dfd);
      await closeP(dfd);
    },
    writeJsonAtomic: (doc) => writeJsonAtomic(target, doc),
    'write-file-atomic': (doc) => writeFileAtomic(target, `${JSON.stringify(doc, null, 2)}\n`),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(label, doc) {
  const names = Object.keys(contenders(root));
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  const fns = Object.fromEntries(
    names.map((name) => {
      const dir = join(root, `${label}-${name}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'doc.json'), '{}\n', { mode: 0o600 });
      return [name, contenders(dir)[name]];
    }),
  );
  for (const name of names) for (let i = 0; i < 5; i++) await fns[name](doc); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    // rotate the order every round so no contender always runs after the same one
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) await fns[name](doc);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      runs[name].push(BATCH / seconds);
    }
  }
  const result = Object.fromEntries(names.map((name) => [name, median(runs[name])]));
  // paired: the floor and ours measured in the same round, so machine drift cancels out
  result.ratio = median(runs.floor.map((floor, i) => floor / runs.writeJsonAtomic[i]));
  return result;
}

const sizes = [
  ['1 KB', 1024],
  ['100 KB', 100 * 1024],
];
const rows = [];
const verdicts = [];
for (const [label, bytes] of sizes) {
  const doc = documentOf(bytes);
  const actual = Buffer.byteLength(`${JSON.stringify(doc, null, 2)}\n`);
  const r = await measure(label.replace(' ', ''), doc);
  const ratio = r.ratio;
  const ofMedians = r.floor / r.writeJsonAtomic;
  rows.push(
    `| ${label} (${actual} B) | ${r.floor.toFixed(0)} | ${r.writeJsonAtomic.toFixed(0)} | ${r['write-file-atomic'].toFixed(0)} | ${ratio.toFixed(2)}x | ${ofMedians.toFixed(2)}x |`,
  );
  verdicts.push(
    `${label}: floor/ours = ${ratio.toFixed(2)}x (goal <= 1.20x): ${ratio <= 1.2 ? 'met' : 'NOT met'}`,
  );
}
rmSync(root, { recursive: true, force: true });

const text = `## atomic-write: crash-safe JSON write vs raw fs and write-file-atomic

Script: \`bench/atomic-write.mjs\`. Node ${process.version}, ${cpus().length} CPUs, ${process.platform}; ${tempFolderNote()}.
Ops/s are medians of ${ROUNDS} rounds; in each round every contender does ${BATCH} sequential writes,
in an order that rotates from round to round, each on its own existing target file (mode 0600).
"floor / ours (paired)" is the median over rounds of the floor's rate divided by ours in the same
round (machine drift cancels out; the goal is judged on it); "of medians" divides the two medians.

- **floor**: raw \`fs\` doing the minimum durable replace: open temp, write, fsync, close, rename, fsync dir.
- **writeJsonAtomic**: this package (stringify; lstat, temp open and dir open together; write (chmod only when the mode differs); fsync, close, rename, fsync dir).
- **write-file-atomic**: write-file-atomic 7 alone (no fsync of the directory, so less durable).

| document | floor ops/s | writeJsonAtomic ops/s | write-file-atomic ops/s | floor / ours (paired) | floor / ours (of medians) |
|---|---:|---:|---:|---:|---:|
${rows.join('\n')}

Goal: writeJsonAtomic within 1.2x of the floor (ours ops/s >= floor ops/s / 1.2).
${verdicts.map((v) => `- ${v}`).join('\n')}
`;
process.stdout.write(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'atomic-write.md'), text);
