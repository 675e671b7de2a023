import { createHash } from 'node:crypto';
import type { TransitionRecord } from './types.js';

/** `prev` of the very first line of a log. */
export const GENESIS = '0'.repeat(64);

/** One line of an `EventLog`: the canonical record plus its place in the hash chain. */
export interface LogLine extends TransitionRecord {
  /** 1, 2, 3, ... across rotated files. */
  readonly seq: number;
  /** SHA-256 (hex) of the previous line's text, {@link GENESIS} for the first. */
  readonly prev: string;
}

/** The end of the chain: what the next line continues from. */
export interface ChainHead {
  readonly seq: number;
  /** SHA-256 (hex) of the line with that seq ({@link GENESIS} when seq is 0). */
  readonly hash: string;
}

/** SHA-256 hex of a line's text (without its newline). */
export function hashLine(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The text of a line: `seq` and `prev` first so a reader sees the chain at a glance, then the
 * record's fields as `prepareRecord` serialised them (`body`, a JSON object). Cannot throw.
 */
export function formatLine(seq: number, prev: string, body: string): string {
  return `{"seq":${seq},"prev":${JSON.stringify(prev)},${body.slice(1)}`;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses a line; returns a reason string when it is not a log line. */
export function parseLine(text: string): LogLine | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'text that is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'JSON that is not an object';
  const line = value as Partial<LogLine>;
  if (!Number.isSafeInteger(line.seq) || (line.seq as number) < 1) return `seq ${JSON.stringify(line.seq)}`;
  if (typeof line.prev !== 'string' || !HEX64.test(line.prev))
    return `prev ${JSON.stringify(line.prev)}, not a SHA-256`;
  for (const field of [
    'event_id',
    'timestamp',
    'entity_type',
    'entity_id',
    'event_type',
    'severity',
  ] as const) {
    if (typeof line[field] !== 'string') return `${field} ${JSON.stringify(line[field])}, not a string`;
  }
  return line as LogLine;
}
