/**
 * A unified diff (no context lines, like `diff -U0`) of in-place string edits of a
 * JSON text. A JSON string never spans lines, so each edit changes exactly one line
 * and line numbers are the same before and after.
 */
import { applyEdits, type TextEdit } from './json-tree.js';

/** The diff of `text` and `text` with `edits`, with `label` as both file names; '' when nothing changes. */
export function unifiedDiff(label: string, text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return '';
  const starts = lineStarts(text);
  const byLine = new Map<number, TextEdit[]>();
  for (const edit of edits) {
    const line = lineOf(starts, edit.start);
    byLine.set(line, [...(byLine.get(line) ?? []), edit]);
  }
  const out = [`--- ${label}`, `+++ ${label}`];
  for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
    const from = starts[line] as number;
    const to = line + 1 < starts.length ? (starts[line + 1] as number) - 1 : text.length;
    const before = text.slice(from, to).replace(/\r$/, '');
    const shifted = (byLine.get(line) ?? []).map((e) => ({ ...e, start: e.start - from, end: e.end - from }));
    const after = applyEdits(before, shifted);
    out.push(`@@ -${line + 1} +${line + 1} @@`, `-${before}`, `+${after}`);
  }
  return `${out.join('\n')}\n`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Index of the line holding `offset` (binary search). */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
