/** Text formatting shared by run, status, log and demo: durations, times, tables, colours. */
import { formatDuration as formatDurationIn } from '@steadystate/cli-kit';

/** `4m 12s`, `2.5s`, `800ms`: the two largest units, rounded up (a time to wait is never shown shorter). */
export const formatDuration = (ms: number): string => formatDurationIn(ms, Math.ceil);

/** Local wall-clock time `14:03:27` (with the date when not today). */
export function formatLocalTime(at: number, now: number): string {
  const date = new Date(at);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return time;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

/** `14:03:27 (in 4m 12s)`, `now`, or `manual reset only` for null. */
export function formatRetry(retryAt: number | null, now: number): string {
  if (retryAt === null) return 'only after a manual reset';
  if (retryAt <= now) return 'now';
  return `${formatLocalTime(retryAt, now)} (in ${formatDuration(retryAt - now)})`;
}

/** `5m ago`, `just now`. */
export function formatAgo(at: number | null, now: number): string {
  if (at === null) return '-';
  const ms = now - at;
  if (ms < 1000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `1 failure`, `3 failures`: a count with its word, plural unless it is one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Shorten to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export { colors, formatTable, type Style, stripAnsi, visibleLength } from '@steadystate/cli-kit';
