/** A one-line progress bar on stderr for long copies: drawn only on a terminal, at most every 100 ms. */

/** What `copyNamespace` calls with its progress. */
export type OnProgress = (done: number, total: number) => void;

/** `[##########..........]  50%  500/1000`: the bar for `done` of `total`. */
export function renderBar(done: number, total: number, width = 24): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}  ${done}/${total}`;
}

/**
 * A progress reporter writing to `stream` with carriage returns, or a no-op when
 * `enabled` is false (stderr is not a terminal, or the output is --json).
 * `finish()` clears the line.
 */
export function progressBar(
  stream: NodeJS.WritableStream,
  enabled: boolean,
  label: string,
  now: () => number = Date.now,
  everyMs = 100,
): { onProgress: OnProgress; finish(): void } {
  if (!enabled) return { onProgress: () => {}, finish: () => {} };
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    onProgress(done, total) {
      const t = now();
      if (done < total && t - last < everyMs) return;
      last = t;
      drawn = true;
      stream.write(`\r${label} ${renderBar(done, total)}`);
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
