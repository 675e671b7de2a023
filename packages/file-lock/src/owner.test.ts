import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';
import { selfIdentity } from './identity.js';
import { judge, type OwnerState, parseOwner } from './owner.js';
import { parseTokenState, serializeTokenState } from './token-file.js';

const record = { v: 1 as const, nonce: 'ab', ...selfIdentity(), token: 7, acquiredAt: 1000 };
const owned = (mtimeMs: number): OwnerState => ({ kind: 'owned', record, mtimeMs });

describe('judging a holder (fake clock)', () => {
  it('a dead holder is removable at once, whatever its refresh time', () => {
    expect(judge(owned(10_000), false, 10_001, 10_000)).toBe('dead');
  });
  it('a live or unknown holder only after staleMs without refresh', () => {
    expect(judge(owned(10_000), true, 19_999, 10_000)).toBe('live');
    expect(judge(owned(10_000), null, 20_001, 10_000)).toBe('stale');
    expect(judge(owned(10_000), true, 20_001, 10_000)).toBe('stale');
  });
  it("a holder that recorded a larger staleMs is stale only after that one; without one, after the contender's", () => {
    const slow = (mtimeMs: number): OwnerState => ({
      kind: 'owned',
      record: { ...record, staleMs: 10_000 },
      mtimeMs,
    });
    expect(judge(slow(0), true, 9_999, 200)).toBe('live');
    expect(judge(slow(0), null, 9_999, 200)).toBe('live');
    expect(judge(slow(0), null, 10_001, 200)).toBe('stale');
    // the larger of the two: a contender with a larger staleMs keeps to its own
    const fast = (mtimeMs: number): OwnerState => ({
      kind: 'owned',
      record: { ...record, staleMs: 200 },
      mtimeMs,
    });
    expect(judge(fast(0), null, 5_000, 10_000)).toBe('live');
    expect(judge(fast(0), null, 10_001, 10_000)).toBe('stale');
    // owner files of earlier versions carry no staleMs
    expect(judge(owned(0), null, 201, 200)).toBe('stale');
  });
  it('a folder without owner metadata is judged by age only', () => {
    expect(judge({ kind: 'unknown', mtimeMs: 0 }, null, 5_000, 10_000)).toBe('live');
    expect(judge({ kind: 'unknown', mtimeMs: 0 }, false, 10_001, 10_000)).toBe('stale');
    expect(judge({ kind: 'free' }, null, 0, 10_000)).toBe('free');
  });
});

describe('records on disk', () => {
  it('owner.json round-trips with trailing padding and rejects foreign content', () => {
    expect(parseOwner(`${JSON.stringify(record)}     `)).toEqual(record);
    expect(parseOwner(JSON.stringify({ ...record, staleMs: 2_000 }))).toEqual({ ...record, staleMs: 2_000 });
    expect(parseOwner(JSON.stringify({ ...record, staleMs: 'soon' }))).not.toHaveProperty('staleMs');
    expect(parseOwner('{"pid": 1}')).toBeUndefined();
    expect(parseOwner('')).toBeUndefined();
  });
  it('a token record read half-written is recognised (the token is stored first and last)', () => {
    const old = serializeTokenState({ token: 129 });
    const now = serializeTokenState({ token: 130, next: 'ab', until: 5 });
    expect(parseTokenState(`${now}   `)).toEqual({ token: 130, next: 'ab', until: 5 });
    const torn = now.slice(0, 12) + old.slice(12);
    expect(parseTokenState(torn)).toBeUndefined();
  });
});

describe('polling schedule', () => {
  it('starts fast, grows, is capped, and is jittered both ways', () => {
    expect(backoffDelay(0, undefined, () => 0.5)).toBe(5);
    expect(backoffDelay(3, undefined, () => 0.5)).toBe(17);
    expect(backoffDelay(50, undefined, () => 0.5)).toBe(100);
    expect(backoffDelay(50, undefined, () => 0)).toBe(75);
    expect(backoffDelay(50, undefined, () => 1)).toBe(125);
  });
});
