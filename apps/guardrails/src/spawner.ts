/** What a spawner (spawn-direct.ts, spawn-child.ts) reports about the command it started. */
export interface SpawnEvents {
  /** It runs, as the leader of its own process group `pid`. */
  started(pid: number): void;
  /** It could not start (not found, not executable, ...). Nothing else follows. */
  failed(error: NodeJS.ErrnoException): void;
  /** It exited with `code`, or was killed by `signal`. */
  exited(code: number | null, signal: NodeJS.Signals | null): void;
  /** After `exited`: its output streams are done too (at once when it had none of ours). */
  closed(): void;
}
