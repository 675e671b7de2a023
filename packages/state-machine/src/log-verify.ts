import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { GENESIS, hashLine, type LogLine, parseLine } from './log-line.js';

/** What `EventLog.verify()` found. `line` is 1-based within `file`. */
export type VerifyResult =
  | { readonly ok: true; readonly lines: number; readonly files: number; readonly lastSeq: number }
  | { readonly ok: false; readonly file: string; readonly line: number; readonly reason: string };

/** Yields the lines of a file with their text; `torn` marks a last line without a newline. */
export async function* readLines(file: string): AsyncGenerator<{ text: string; torn: boolean }> {
  let bytes = 0;
  let seen = 0;
  const stream = createReadStream(file, { encoding: 'utf8' });
  stream.on('data', (chunk) => {
    bytes += Buffer.byteLength(chunk as string);
  });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let pending: string | undefined;
  for await (const text of lines) {
    if (pending !== undefined) yield { text: pending, torn: false };
    seen += Buffer.byteLength(text) + 1;
    pending = text;
  }
  if (pending !== undefined) yield { text: pending, torn: seen > bytes };
}

/**
 * Walks the chain over every file, oldest first. An edited line shows up as the next line's
 * `prev` not matching it, and is reported as the edited one; a removed line as a gap in `seq`;
 * lines lost at the end as a `head` further than the last line.
 */
export async function verifyFiles(
  files: readonly string[],
  head: { seq: number; hash: string } | undefined,
): Promise<VerifyResult> {
  let last: { line: LogLine; hash: string; file: string; number: number } | undefined;
  let lines = 0;
  let headHash: string | undefined;
  for (const file of files) {
    let number = 0;
    for await (const { text, torn } of readLines(file)) {
      number++;
      const fail = (reason: string, at = number, where = file) => ({
        ok: false as const,
        file: where,
        line: at,
        reason,
      });
      if (torn) return fail('a line without a newline (torn append or truncation)');
      const parsed = parseLine(text);
      if (typeof parsed === 'string') return fail(`a line with ${parsed}`);
      if (last === undefined) {
        if (parsed.seq === 1 && parsed.prev !== GENESIS)
          return fail('seq 1 whose prev is not the genesis hash');
      } else {
        if (parsed.seq !== last.line.seq + 1) {
          return fail(`seq ${parsed.seq} after seq ${last.line.seq} (lines missing or reordered)`);
        }
        if (parsed.prev !== last.hash) {
          return fail(
            `a line whose hash does not match the prev recorded by seq ${parsed.seq} (edited)`,
            last.number,
            last.file,
          );
        }
      }
      const hash = hashLine(text);
      if (head !== undefined && parsed.seq === head.seq) headHash = hash;
      last = { line: parsed, hash, file, number };
      lines++;
    }
  }
  if (head !== undefined && head.seq > 0) {
    const lastSeq = last?.line.seq ?? 0;
    const file = last?.file ?? files.at(-1) ?? '';
    if (head.seq > lastSeq) {
      return {
        ok: false,
        file,
        line: (last?.number ?? 0) + 1,
        reason: `end of log at seq ${lastSeq}, but seq ${head.seq} was written (truncated)`,
      };
    }
    if (headHash !== undefined && headHash !== head.hash && last !== undefined) {
      const at = last.line.seq === head.seq ? last.number : undefined;
      if (at !== undefined)
        return {
          ok: false,
          file,
          line: at,
          reason: `a line whose hash does not match the recorded head (edited)`,
        };
    }
  }
  return { ok: true, lines, files: files.length, lastSeq: last?.line.seq ?? 0 };
}
