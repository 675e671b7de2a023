/** Text output: data as JSON or text, tables, durations, sizes, colours. */
import { formatDuration as formatDurationIn } from '@steadystate/cli-kit';
import type { CommandContext } from './context.js';

/** Writes `data` as JSON (`--json`) or `text`, each followed by a newline. */
export function emit(ctx: CommandContext, json: boolean | undefined, data: unknown, text: string): void {
  ctx.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`);
}

/** `4m 12s`, `2.5s`, `800ms`: the two largest units, rounded to the nearest. */
export const formatDuration = (ms: number): string => formatDurationIn(ms);

/** `5m ago`, `just now`. */
export function formatAgo(at: number, now: number): string {
  const ms = now - at;
  return ms < 1000 ? 'just now' : `${formatDuration(ms)} ago`;
}

/** Local `2026-11-22 14:03:27`. */
export function formatTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `812 B`, `4.2 KB`, `1.3 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `1 key`, `2 keys`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export { colors, formatTable, type Style, visibleLength } from '@steadystate/cli-kit';
