import type { Statements } from './statements.js';

/** Side record counting a namespace's garbage collections (not a valid name, so never a user's). */
const GC_GENERATION = '#gc';
/** Blob hashes remembered per namespace as already stored, at most. */
const MAX_PRESENT = 1_000_000;

/** Records, inside a collection's transaction, that blobs of `ns` may be gone. */
export function bumpGeneration(s: Statements, ns: string): void {
  s.setMeta.run(ns, GC_GENERATION, String(Number(s.getMeta.get(ns, GC_GENERATION) ?? 0) + 1));
}

/**
 * The blobs one connection stored or found in each namespace since the last collection, so a
 * checkpoint skips them. Read inside the snapshot's transaction: a collection by any process
 * bumps the namespace's generation, which empties the set.
 */
export class PresentBlobs {
  readonly #byNs = new Map<string, { generation: string; hashes: Set<string> }>();

  /** The hashes known present in `ns` (the set to pass to `add` after the commit). */
  of(s: Statements, ns: string): Set<string> {
    const generation = s.getMeta.get(ns, GC_GENERATION) ?? '0';
    let present = this.#byNs.get(ns);
    if (present?.generation !== generation) {
      present = { generation, hashes: new Set() };
      this.#byNs.set(ns, present);
    }
    return present.hashes;
  }

  /** Notes blobs a committed transaction stored (bounded: past MAX_PRESENT the set starts over). */
  add(hashes: Set<string>, added: string[]): void {
    if (hashes.size + added.length > MAX_PRESENT) hashes.clear();
    for (const hash of added) hashes.add(hash);
  }
}
