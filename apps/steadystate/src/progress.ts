/** A one-line progress bar on stderr for long copies: drawn only on a terminal, at most every 100 ms, after 250 ms. */

/** What `copyNamespace` calls with its progress. */
export type OnProgress = (done: number, total: number) => void;

/** `[##########..........]  50%  500/1000`: the bar for `done` of `total`. */
export function renderBar(done: number, total: number, width = 24): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}  ${done}/${total}`;
}

/** Timing of {@link progressBar}. */
export interface ProgressTiming {
  /** Time source. @default Date.now */
  now?: () => number;
  /** Least time between two frames. @default 100 */
  everyMs?: number;
  /** Nothing is drawn before this much time has passed, so a quick copy does not flash a bar. @default 250 */
  delayMs?: number;
}

/**
 * A progress reporter writing to `stream` with carriage returns, or a no-op when
 * `enabled` is false (stderr is not a terminal, or the output is --json).
 * `finish()` clears the line if anything was drawn.
 */
export function progressBar(
  stream: NodeJS.WritableStream,
  enabled: boolean,
  label: string,
  timing: ProgressTiming = {},
): { onProgress: OnProgress; finish(): void } {
  if (!enabled) return { onProgress: () => {}, finish: () => {} };
  const { now = Date.now, everyMs = 100, delayMs = 250 } = timing;
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    onProgress(done, total) {
      const t = now();
      if (t - start < delayMs) return;
      if (done < total && t - last < everyMs) return;
      last = t;
      drawn = true;
      stream.write(`\r${label} ${renderBar(done, total)}`);
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
