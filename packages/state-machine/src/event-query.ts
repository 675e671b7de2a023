import { InvalidOptionError } from './errors.js';
import type { LogLine } from './log-line.js';
import type { Severity } from './types.js';

/** Filter of `EventLog.query`; every field given must match. */
export interface EventQuery {
  /** `entity_id` equals this. */
  readonly entity?: string;
  /** `entity_type` (the machine id) equals this. */
  readonly entityType?: string;
  /** `event_type` equals this (or one of these). */
  readonly type?: string | readonly string[];
  /** `severity` equals this (or one of these). */
  readonly severity?: Severity | readonly Severity[];
  /** `timestamp` at or after this (a valid Date, finite epoch ms or ISO date-time text). */
  readonly since?: Date | number | string;
  /** `timestamp` strictly before this (same forms as `since`). */
  readonly until?: Date | number | string;
}

const TIME = 'a Date, epoch ms or ISO date-time text';

function oneOf<T>(wanted: T | readonly T[] | undefined): (value: T) => boolean {
  if (wanted === undefined) return () => true;
  const set = new Set<T>(Array.isArray(wanted) ? wanted : [wanted as T]);
  return (value) => set.has(value);
}

/** Epoch ms of a `since`/`until` value; one that names no time is an `InvalidOptionError`. */
function time(option: 'since' | 'until', value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : typeof value === 'string'
          ? Date.parse(value)
          : Number.NaN;
  if (!Number.isFinite(ms)) throw new InvalidOptionError(option, TIME, value);
  return ms;
}

/** The test `query` applies to each line; checks `since` and `until` first. */
export function matcher(filter: EventQuery): (line: LogLine) => boolean {
  const type = oneOf(filter.type);
  const severity = oneOf(filter.severity);
  const since = time('since', filter.since, Number.NEGATIVE_INFINITY);
  const until = time('until', filter.until, Number.POSITIVE_INFINITY);
  return (line) => {
    if (filter.entity !== undefined && line.entity_id !== filter.entity) return false;
    if (filter.entityType !== undefined && line.entity_type !== filter.entityType) return false;
    if (!type(line.event_type) || !severity(line.severity)) return false;
    const at = Date.parse(line.timestamp);
    return at >= since && at < until;
  };
}
