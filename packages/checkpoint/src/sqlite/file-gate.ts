import { resolve } from 'node:path';

/**
 * Where the SQLite backends of one process wait for each other on one database file.
 *
 * A checkpoint holds the file's write lock (`BEGIN IMMEDIATE`) across an `await` (the
 * encoder). Another connection to the same file in the same process that began a write
 * meanwhile would wait for that lock synchronously (`busy_timeout` blocks the thread), so
 * the first could never get back to commit: the process froze for the timeout and one of
 * them failed. Every backend on a file therefore shares one gate: while a checkpoint holds
 * it, the others' calls wait on a promise instead. Other processes are SQLite's business.
 */
export interface FileGate {
  /** Set while a checkpoint's transaction holds the file; calls wait for it to settle. */
  busy: Promise<void> | undefined;
}

const gates = new Map<string, { gate: FileGate; users: number }>();

/** The gate of `file` (by absolute path), counted until `releaseGate`. `:memory:` gets its own. */
export function acquireGate(file: string): { gate: FileGate; key: string | undefined } {
  if (file === ':memory:') return { gate: { busy: undefined }, key: undefined };
  const key = resolve(file);
  let held = gates.get(key);
  if (!held) {
    held = { gate: { busy: undefined }, users: 0 };
    gates.set(key, held);
  }
  held.users += 1;
  return { gate: held.gate, key };
}

/** Forgets a backend's use of its gate (the last one removes it). */
export function releaseGate(key: string | undefined): void {
  if (key === undefined) return;
  const held = gates.get(key);
  if (held && --held.users === 0) gates.delete(key);
}

/** Runs `work` holding the gate: waits for whoever holds it first. */
export async function holdGate<T>(gate: FileGate, work: () => Promise<T>): Promise<T> {
  while (gate.busy) await gate.busy;
  let release = () => {};
  gate.busy = new Promise<void>((done) => {
    release = done;
  });
  try {
    return await work();
  } finally {
    gate.busy = undefined;
    release();
  }
}
