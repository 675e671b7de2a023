import { randomUUID } from 'node:crypto';
import { InvalidOptionError } from './errors.js';
import type { Clock, TransitionRecord } from './types.js';

/** What `append` takes: the canonical fields, with ids, time and severity filled in when missing. */
export type EventInput = Pick<TransitionRecord, 'entity_type' | 'entity_id' | 'event_type'> &
  Partial<Omit<TransitionRecord, 'entity_type' | 'entity_id' | 'event_type'>>;

/** A record ready to be chained: its JSON text (without `seq` and `prev`) and that text parsed back. */
export interface PreparedRecord {
  /** The record as it will be read back: a copy shared with nothing (JSON data). */
  readonly record: TransitionRecord;
  /** `JSON.stringify` of the record's fields, in the line's order. */
  readonly body: string;
}

/** ISO 8601 date-time with a zone (`Z` or `+hh:mm`), as `Date.prototype.toISOString` writes. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether `value` is an ISO 8601 date-time that names a real time. */
export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) && Number.isFinite(Date.parse(value));
}

/**
 * Fills in the defaults, checks the fields a reader needs (`InvalidOptionError` naming the
 * field) and serialises the record once, so what is written is the record as of this call
 * (a payload changed afterwards changes nothing) and formatting it under the lock cannot fail.
 * Throws for this record only: a value JSON cannot encode (a BigInt, a cycle) is refused here.
 */
export function prepareRecord(input: EventInput, clock: Clock): PreparedRecord {
  if (typeof input !== 'object' || input === null)
    throw new InvalidOptionError('event', 'an object with entity_type, entity_id and event_type', input);
  const record = {
    event_id: input.event_id ?? randomUUID(),
    timestamp: input.timestamp ?? new Date(clock.now()).toISOString(),
    entity_type: input.entity_type,
    entity_id: input.entity_id,
    event_type: input.event_type,
    from_state: input.from_state ?? null,
    to_state: input.to_state ?? null,
    severity: input.severity ?? 'INFO',
    payload: input.payload ?? {},
    metadata: input.metadata ?? {},
  };
  for (const field of ['event_id', 'entity_type', 'entity_id', 'event_type', 'severity'] as const) {
    if (typeof record[field] !== 'string') throw new InvalidOptionError(field, 'a string', record[field]);
  }
  if (!isIsoDateTime(record.timestamp))
    throw new InvalidOptionError(
      'timestamp',
      'an ISO 8601 date-time (e.g. 2026-01-01T00:00:00.000Z)',
      record.timestamp,
    );
  const { payload, metadata, ...head } = record;
  // the head holds only strings and nulls: only the payload and the metadata can fail to encode
  const body = `${JSON.stringify(head).slice(0, -1)},"payload":${json('payload', payload)},"metadata":${json('metadata', metadata)}}`;
  return { record: JSON.parse(body) as TransitionRecord, body };
}

/** The JSON text of an object field; one JSON cannot encode (a BigInt, a cycle) is refused, naming the field. */
function json(field: 'payload' | 'metadata', value: unknown): string {
  const expected = 'an object of JSON data';
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidOptionError(field, expected, value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidOptionError(field, expected, value, { cause });
  }
  if (text?.[0] !== '{') throw new InvalidOptionError(field, expected, value); // a toJSON that made it something else
  return text;
}
