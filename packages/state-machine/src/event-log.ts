import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withLock } from '@steadystate/file-lock';
import { EventLogCorruptError } from './errors.js';
import {
  type EventLogOptions,
  type ResolvedEventLogOptions,
  resolveEventLogOptions,
} from './event-log-options.js';
import { type EventQuery, matcher } from './event-query.js';
import {
  cutTornTail,
  headPath,
  logFiles,
  type RepairResult,
  readHead,
  readTail,
  rotate,
  size,
  writeHead,
} from './log-files.js';
import { formatLine, hashLine, type LogLine, parseLine } from './log-line.js';
import { type EventInput, type PreparedRecord, prepareRecord } from './log-record.js';
import { readLines, type VerifyResult, verifyFiles } from './log-verify.js';
import type { TransitionRecord, TransitionSink } from './types.js';

export type { EventInput } from './log-record.js';

interface Pending extends PreparedRecord {
  readonly resolve: (line: LogLine) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * An append-only JSONL log of transitions, safe to share between processes: each line carries
 * seed 002's canonical fields plus `seq` and `prev` (SHA-256 of the previous line), so an edit,
 * a removed line or a truncation is found by `verify()`. Rotates by size; the chain continues
 * across rotated files.
 */
export class EventLog implements TransitionSink {
  readonly path: string;
  readonly #opts: ResolvedEventLogOptions;
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;

  constructor(path: string, opts?: EventLogOptions) {
    this.#opts = resolveEventLogOptions(path, opts);
    this.path = this.#opts.path;
  }

  /** Sink interface: appends the transition. */
  async write(record: TransitionRecord): Promise<void> {
    await this.append(record);
  }

  /**
   * Appends one event and resolves with the line as written. Appends from one process are
   * grouped into a single locked write; across processes a file lock keeps lines whole and the chain intact.
   * The record is checked and serialised here, so the line holds it as of this call, and one
   * that cannot be written (a timestamp that is not an ISO date-time, a BigInt in the payload)
   * rejects with `InvalidOptionError` on its own, never failing the appends grouped with it.
   */
  append(input: EventInput): Promise<LogLine> {
    let prepared: PreparedRecord;
    try {
      prepared = prepareRecord(input, this.#opts.clock);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...prepared, resolve, reject });
      this.#kick();
    });
  }

  /** Starts draining unless a drain runs; one that just finished its loop re-kicks for late arrivals. */
  #kick(): void {
    if (this.#draining !== undefined) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      if (this.#queue.length > 0) this.#kick();
    });
  }

  /**
   * Lines matching `filter`, oldest first, across rotated files. Reads under the log's lock, so a
   * rotation or an append by another process never shows half-way. A line that is not a log
   * line (or one whose timestamp names no time) is an `EventLogCorruptError` naming it, never
   * skipped; a `since` or `until` that names no time
   * (`'garbage'`, an invalid Date, `NaN`) is an `InvalidOptionError`.
   */
  async query(filter: EventQuery = {}): Promise<LogLine[]> {
    const match = matcher(filter);
    return withLock(
      this.path,
      async () => {
        const out: LogLine[] = [];
        for (const file of await logFiles(this.path, this.#opts.keep)) {
          let number = 0;
          for await (const { text, torn } of readLines(file)) {
            number++;
            const line = torn ? 'no newline at the end (a torn append)' : parseLine(text);
            if (typeof line === 'string') throw new EventLogCorruptError(file, number, `a line with ${line}`);
            if (!Number.isFinite(Date.parse(line.timestamp))) {
              const found = `a line with timestamp ${JSON.stringify(line.timestamp)}, not a date-time`;
              throw new EventLogCorruptError(file, number, found);
            }
            if (match(line)) out.push(line);
          }
        }
        return out;
      },
      this.#opts.lock,
    );
  }

  /** Checks the hash chain over every file under the lock; names the first bad line. */
  async verify(): Promise<VerifyResult> {
    return withLock(
      this.path,
      async () => verifyFiles(await logFiles(this.path, this.#opts.keep), await readHead(this.path)),
      this.#opts.lock,
    );
  }

  /**
   * Cuts a torn last line off the live file, under the log's lock: what a writer killed in the
   * middle of an append leaves, and what makes `append` refuse the file. That append never
   * returned and no line continues the chain from it, so the chain stays whole; its bytes are
   * kept in `<path>.torn-<time>`. Whole lines are never touched: any other damage `verify()`
   * reports stays for a person to look at.
   */
  async repair(): Promise<RepairResult> {
    return withLock(
      this.path,
      async () => {
        const torn = await cutTornTail(this.path, new Date(this.#opts.clock.now()));
        return torn === undefined ? { repaired: false } : { repaired: true, ...torn };
      },
      this.#opts.lock,
    );
  }

  /** The files of the log, oldest first, and the head sidecar that anchors its end. */
  async files(): Promise<{ files: string[]; head: string }> {
    return { files: await logFiles(this.path, this.#opts.keep), head: headPath(this.path) };
  }

  /** Waits for the appends queued so far. */
  async flush(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#opts.maxBatch);
      try {
        await mkdir(dirname(this.path), { recursive: true });
        const { lines, error } = await withLock(
          this.path,
          (handle) => this.#writeBatch(batch, handle.signal),
          this.#opts.lock,
        );
        // lines already appended stand even when a later part of the batch failed
        for (const [i, p] of batch.entries()) {
          if (i < lines.length) p.resolve(lines[i] as LogLine);
          else p.reject(error);
        }
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }

  /**
   * Under the lock: continue the chain from the tail and append the batch, rotating first
   * wherever the next line would take the live file past `maxBytes` (a batch can span several
   * files; a line longer than `maxBytes` gets a file of its own). The head is recorded after
   * every append, so a rotation always leaves it naming the last line written. Returns the
   * lines appended and, when a later step failed, its error (the rest of the batch not written).
   */
  async #writeBatch(
    batch: readonly Pending[],
    signal: AbortSignal,
  ): Promise<{ lines: LogLine[]; error?: unknown }> {
    let { seq, hash } = await readTail(this.path);
    let written = (await size(this.path)) ?? 0;
    const lines: LogLine[] = []; // every line formatted so far
    let appended = 0; // how many of them are in the file
    let pending: string[] = [];
    let pendingBytes = 0;
    const append = async () => {
      if (pending.length === 0) return;
      signal.throwIfAborted(); // lost the lock meanwhile: another writer may own the tail now
      await appendFile(this.path, `${pending.join('\n')}\n`, { flush: this.#opts.fsync });
      await writeHead(this.path, { seq, hash });
      written += pendingBytes;
      appended = lines.length;
      pending = [];
      pendingBytes = 0;
    };
    try {
      for (const { record, body } of batch) {
        const text = formatLine(seq + 1, hash, body);
        const bytes = Buffer.byteLength(text) + 1;
        const before = written + pendingBytes;
        if (before > 0 && before + bytes > this.#opts.maxBytes) {
          await append();
          signal.throwIfAborted();
          await rotate(this.path, this.#opts.keep);
          written = 0;
        }
        seq += 1;
        lines.push({ seq, prev: hash, ...record });
        hash = hashLine(text);
        pending.push(text);
        pendingBytes += bytes;
      }
      await append();
    } catch (error) {
      if (appended === 0) throw error;
      return { lines: lines.slice(0, appended), error };
    }
    return { lines };
  }
}
