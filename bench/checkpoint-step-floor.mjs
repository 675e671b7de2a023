// Question: could any checkpoint step that keeps the checkpoint issue's other promises (a value
// that is not JSON refused with a clear error, under a tenth of SqliteSaver's bytes, the state
// loadable with one read) be faster than LangGraph's SqliteSaver.put? On checkpoint-backends'
// data it times each piece of work such a step cannot skip, alone and in its cheapest form (plain
// SQLite tables and statements, no schema of ours), and adds up their p50s: a lower bound for a
// design with a live row (ours), one without (loads rebuild the state from the tree), one that
// writes a step's new nodes as one pack deflated at once, and one that does not deflate.
// Run after a build: `node bench/checkpoint-step-floor.mjs`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import {
  assertJson,
  EncodedKeys,
  encodeEntries,
  hashBytes,
  NodeCache,
  StateManager,
} from '@steadystate/checkpoint';
import { SqliteBackend } from '@steadystate/checkpoint/sqlite';
import Database from 'better-sqlite3';
import { reseed, SIZES, stateOf, step } from './checkpoint-data.mjs';
import { putState, THREAD } from './langgraph-put.mjs';
import { ms, pct, timed, timedSync } from './stats.mjs';
import { tempFolderNote } from './temp-folder.mjs';

const ITERATIONS = Number(process.env.BENCH_ITER ?? 400);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'bench-floor-'));

/** A bare SQLite file as both sides open theirs: WAL, synchronous=NORMAL. */
function bareDb(name) {
  const db = new Database(join(root, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE live (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO live VALUES (1, '');
    CREATE TABLE nodes (hash BLOB PRIMARY KEY, bytes BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE manifests (name TEXT PRIMARY KEY, root TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE packs (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
    CREATE TABLE pack_index (hash BLOB PRIMARY KEY, pack INTEGER NOT NULL) WITHOUT ROWID;`);
  const live = db.prepare('UPDATE live SET value = ? WHERE id = 1');
  const node = db.prepare('INSERT OR IGNORE INTO nodes VALUES (?, ?)');
  const manifest = db.prepare('INSERT INTO manifests VALUES (?, ?)');
  const nodes = db.transaction((blobs, name, rootHash) => {
    for (const [hash, bytes] of blobs) node.run(Buffer.from(hash, 'hex'), bytes);
    manifest.run(name, rootHash);
  });
  const packRow = db.prepare('INSERT INTO packs (bytes) VALUES (?)');
  const packIndex = db.prepare('INSERT OR IGNORE INTO pack_index VALUES (?, ?)');
  // a pack: the step's new nodes in one row, deflated together; each hash still indexed for dedup
  const pack = db.transaction((hashes, bytes, name, rootHash) => {
    const id = packRow.run(bytes).lastInsertRowid;
    for (const hash of hashes) packIndex.run(Buffer.from(hash, 'hex'), id);
    manifest.run(name, rootHash);
  });
  return { db, writeLive: (text) => live.run(text), writeNodes: nodes, writePack: pack };
}

/** A stored node back to the bytes it was made from (deflated ones start with byte 0). */
const rawOf = (bytes) => (bytes[0] === 0 ? inflateRawSync(bytes.subarray(1)) : Buffer.from(bytes));

async function measure(size, n) {
  const packed = bareDb(`packed-${n}.db`);
  const plain = bareDb(`plain-${n}.db`);
  const cache = new NodeCache();
  const keys = new EncodedKeys();
  const stored = new Set();
  const t = {
    stringify: [],
    validate: [],
    row: [],
    encode: [],
    compress: [],
    pack: [],
    hash: [],
    nodes: [],
    packNodes: [],
    plainNodes: [],
  };
  const bytes = { state: 0, packed: 0, plain: 0, pack: 0, steps: 0 };
  reseed(n);
  let state = stateOf(n);
  for (let i = 0; i < ITERATIONS + WARMUP; i++) {
    state = step(state, i);
    let text = '';
    const stringify = timedSync(() => {
      text = JSON.stringify(state);
    });
    const validate = timedSync(() => assertJson(state));
    const row = timedSync(() => packed.writeLive(text));
    // the nodes this state needs that no earlier step stored: what a deduplicating step must write
    let encoded;
    const encode = await timed(async () => {
      const entry = { text, value: state, revision: i + 1, updatedAt: 0 };
      encoded = await encodeEntries(new Map([['state', entry]]), cache, keys);
    });
    const fresh = encoded.blobs.filter(([h]) => !stored.has(h));
    for (const [h] of fresh) stored.add(h);
    const raws = fresh.map(([, b]) => rawOf(b));
    const deflated = fresh.filter(([, b]) => b[0] === 0).map(([, b]) => rawOf(b));
    // the cheapest part of encoding: compress the new nodes that compress, hash every new node
    const compress = timedSync(() => {
      for (const r of deflated) deflateRawSync(r);
    });
    // one call for all of them (as a pack file would): zlib's fixed cost per call paid once
    const pack = timedSync(() => deflateRawSync(Buffer.concat(deflated)));
    const hash = timedSync(() => {
      for (const [, b] of fresh) hashBytes(b);
    });
    const rootHash = encoded.manifest.state;
    const nodes = timedSync(() => packed.writeNodes(fresh, `cp-${i}`, rootHash));
    const packed1 = deflateRawSync(Buffer.concat(raws));
    const packNodes = timedSync(() =>
      packed.writePack(
        fresh.map(([h]) => h),
        packed1,
        `pack-${i}`,
        rootHash,
      ),
    );
    const plainNodes = timedSync(() =>
      plain.writeNodes(
        fresh.map(([h], j) => [h, raws[j]]),
        `cp-${i}`,
        rootHash,
      ),
    );
    if (i < WARMUP) continue;
    t.stringify.push(stringify);
    t.validate.push(validate);
    t.row.push(row);
    t.encode.push(encode);
    t.compress.push(compress);
    t.pack.push(pack);
    t.hash.push(hash);
    t.nodes.push(nodes);
    t.plainNodes.push(plainNodes);
    t.packNodes.push(packNodes);
    bytes.state += text.length;
    bytes.packed += fresh.reduce((s, [, b]) => s + b.length, 0);
    bytes.plain += raws.reduce((s, r) => s + r.length, 0);
    bytes.pack += packed1.length;
    bytes.steps += 1;
  }
  packed.db.close();
  plain.db.close();
  return { size, n, t, bytes, ...(await putLatency(n)), ...(await treeLoad(n)) };
}

/** SqliteSaver.put and getTuple p50 on the same states, as checkpoint-backends times them. */
async function putLatency(n) {
  const saver = SqliteSaver.fromConnString(join(root, `lg-${n}.db`));
  let config = THREAD;
  reseed(n);
  let state = stateOf(n);
  const put = [];
  const get = [];
  for (let i = 0; i < ITERATIONS + WARMUP; i++) {
    state = step(state, i);
    const p = await timed(async () => {
      config = await putState(saver, config, state, i);
    });
    const g = await timed(() => saver.getTuple(THREAD));
    if (i < WARMUP) continue;
    put.push(p);
    get.push(g);
  }
  saver.db.close();
  return { put: pct(put, 50), get: pct(get, 50) };
}

/** A design with no live row loads the state from the tree: our readCheckpoint, in a manager that never saw it. */
async function treeLoad(n) {
  const file = join(root, `tree-${n}.db`);
  const written = new SqliteBackend({ file });
  const writer = await StateManager.open({ backend: written, namespace: 'bench' });
  reseed(n);
  let state = stateOf(n);
  for (let i = 0; i < 100; i++) {
    state = step(state, i);
    await writer.save('state', state, { checkpoint: `cp-${i}` });
  }
  await writer.close();
  await written.close();
  const backend = new SqliteBackend({ file });
  const reader = await StateManager.open({ backend, namespace: 'bench' });
  const load = [];
  for (let i = 0; i < 60; i++) load.push(await timed(() => reader.readCheckpoint('cp-99')));
  const back = (await reader.readCheckpoint('cp-99')).get('state');
  if (JSON.stringify(back) !== JSON.stringify(state)) throw new Error('the tree did not give the state back');
  await reader.close();
  await backend.close();
  return { treeLoad: pct(load.slice(10), 50) };
}

const results = [];
for (const [size, n] of SIZES) results.push(await measure(size, n));
rmSync(root, { recursive: true, force: true });

// ------------------------------------------------------------------ report
const p50 = (xs) => pct(xs, 50);
const verdict = (floor, put) => (floor < put ? 'below put' : `NOT below put (${(floor / put).toFixed(2)}x)`);
const lines = [
  '## checkpoint: the least a deduplicating step costs, against SqliteSaver.put',
  '',
  `Script: \`bench/checkpoint-step-floor.mjs\`. Node ${process.version}, ${cpus().length} CPUs, ${process.platform}; ${tempFolderNote()}.`,
  `The data of checkpoint-backends (1% of the items change per step); ${WARMUP} untimed steps, then ${ITERATIONS}, each piece timed alone, p50 in ms.`,
  'Every piece is the cheapest form of work the goal leaves no way around: one native `JSON.stringify` (text is what every backend stores),',
  '`assertJson` (the issue asks that a value that is not JSON be refused with a clear error; `JSON.stringify` would drop or change it),',
  'one UPDATE of a plain one-column row, deflate + sha256 of only the nodes that no earlier step stored (what the content tree',
  'writes; its own walk of the text is not counted), and one transaction of INSERTs of those nodes and a manifest row into plain',
  'WITHOUT ROWID tables (the pack variant: one row holding all of them deflated in one call, and an index row per node).',
  'Both files: WAL, synchronous=NORMAL, as SqliteSaver and our backend open theirs.',
  '',
  '| size | stringify | validate | live row write | new nodes a step: stored / raw / as one pack | deflate each | deflate as one pack | sha256 each | write each + manifest | write pack + index + manifest | write each, not deflated | our whole encoder | put | getTuple |',
  '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const kibPerStep = (b, r) => `${(b / r.bytes.steps / 1024).toFixed(1)} KiB`;
for (const r of results) {
  const { t } = r;
  lines.push(
    `| ${r.size} | ${ms(p50(t.stringify))} | ${ms(p50(t.validate))} | ${ms(p50(t.row))} | ${kibPerStep(r.bytes.packed, r)} / ${kibPerStep(r.bytes.plain, r)} / ${kibPerStep(r.bytes.pack, r)} | ${ms(p50(t.compress))} | ${ms(p50(t.pack))} | ${ms(p50(t.hash))} | ${ms(p50(t.nodes))} | ${ms(p50(t.packNodes))} | ${ms(p50(t.plainNodes))} | ${ms(p50(t.encode))} | ${ms(r.put)} | ${ms(r.get)} |`,
  );
}
lines.push('', 'Lower bounds (sums of the p50s above) against put p50:');
for (const r of results) {
  const { t } = r;
  const base = p50(t.stringify) + p50(t.validate);
  const treeOnly = base + p50(t.compress) + p50(t.hash) + p50(t.nodes);
  const withRow = treeOnly + p50(t.row);
  const packOnly = base + p50(t.pack) + p50(t.hash) + p50(t.packNodes);
  const plainTree = base + p50(t.hash) + p50(t.plainNodes);
  const ratio = (b) => `${(b / r.bytes.state).toFixed(3)}x`;
  lines.push(
    `- ${r.size}, put p50 ${ms(r.put)} ms:`,
    `  - a live row (one read loads the state) and the new nodes deflated each: ${ms(withRow)} ms, ${verdict(withRow, r.put)}`,
    `  - no live row (a load rebuilds the state from the tree: ${ms(r.treeLoad)} ms here, getTuple ${ms(r.get)} ms), nodes deflated each: ${ms(treeOnly)} ms, ${verdict(treeOnly, r.put)}`,
    `  - no live row, one pack a step deflated at once: ${ms(packOnly)} ms, ${verdict(packOnly, r.put)}; its bytes ${ratio(r.bytes.pack)} of the state's JSON, the least put stores a step (goal < 0.1x)`,
    `  - no live row, nodes not deflated: ${ms(plainTree)} ms, ${verdict(plainTree, r.put)}; their bytes alone ${ratio(r.bytes.plain)} of the state's JSON, the least put stores a step (goal < 0.1x)`,
  );
}
lines.push(
  '',
  "The floors leave out what a real step must add: finding what changed in the text and the tree's upper nodes. Our encoder spends that beyond its deflate and sha256:",
);
for (const r of results) {
  const { t } = r;
  const walk = p50(t.encode) - p50(t.compress) - p50(t.hash);
  const packed = p50(t.stringify) + p50(t.validate) + p50(t.pack) + p50(t.hash) + p50(t.packNodes) + walk;
  lines.push(
    `- ${r.size}: ${ms(walk)} ms; the pack design's floor plus it: ${ms(packed)} ms, ${verdict(packed, r.put)}`,
  );
}
const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
writeFileSync(join(here, 'results', 'checkpoint-step-floor.md'), text);
