/** Text output: data as JSON or text, tables, durations, sizes, colours. */
import type { CheckpointInfo } from '@steadystate/checkpoint';
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

/** Line breaks, tabs, other control characters and bidi overrides: what must not reach a terminal as it is. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` on one line, for a table cell or a line of output: `\n`, `\t`, `\u001b`, ... instead of the characters. */
export function oneLineText(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `1 key`, `2 keys`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A checkpoint just written: `NAME (3 keys, 68 B)`, then a `Notes: ...` line when it has notes. */
export function formatCheckpoint(info: CheckpointInfo): string {
  const line = `${info.name} (${plural(info.keys, 'key')}, ${formatBytes(info.bytes)})`;
  return info.notes === undefined ? line : `${line}\nNotes: ${oneLineText(info.notes)}`;
}

export { colors, formatTable, type Style, visibleLength } from '@steadystate/cli-kit';
