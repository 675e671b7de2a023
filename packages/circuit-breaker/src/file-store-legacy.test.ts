import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { FileStore } from './file-store.js';
import { breakerDocument, defineBreakerDocument } from './file-store-document.js';
import { LEGACY_COOLDOWN_MS } from './file-store-legacy.js';
import { hookToRecord } from './file-store-mapping.js';
import { snapshotOf } from './snapshot.js';

/** A `~/.claude/hook_state.json` as the Python tool of seed 000 writes it (no schemaVersion). */
const legacyText = readFileSync(new URL('../test/fixtures/hook_state.legacy.json', import.meta.url), 'utf8');
const PRE = 'uv run $CLAUDE_PROJECT_DIR/.claude/hooks/pre_tool_use.py';
const POST = 'uv run $CLAUDE_PROJECT_DIR/.claude/hooks/post_tool_use.py';
const NOTIFY = 'python3 ~/.claude/hooks/notification.py --notify';

describe('legacy seed-000 document (0.0.0 -> 1.0.0)', () => {
  const parsed = breakerDocument.parse(JSON.parse(legacyText));
  const record = (name: string) => hookToRecord(parsed.value.hooks[name]!);

  it('is recognised by its missing schemaVersion and migrated', () => {
    expect(parsed.from).toBe('0.0.0');
    expect(parsed.migrated).toBe(true);
    expect(Object.keys(parsed.value.hooks).sort()).toEqual([NOTIFY, POST, PRE].sort());
    expect(breakerDocument.serialize(parsed.value).schemaVersion).toBe('1.0.0');
  });

  it('keeps an open hook open until its retry_after, with its counters and last error', () => {
    expect(record(PRE).circuit).toEqual({
      status: 'open',
      openedAt: Date.parse('2026-02-10T14:05:47.119Z'),
      retryAt: Date.parse('2026-02-10T14:10:47.119Z'),
    });
    expect(record(PRE).stats).toEqual({
      failureCount: 4,
      successCount: 0,
      consecutiveFailures: 3,
      consecutiveSuccesses: 0,
      firstFailureAt: Date.parse('2026-02-10T14:02:11.482Z'),
      lastFailureAt: Date.parse('2026-02-10T14:05:47.119Z'),
      lastSuccessAt: Date.parse('2026-02-10T13:58:30.004Z'),
      lastError: "Hook exited with code 1: ModuleNotFoundError: No module named 'yaml'",
    });
    expect(record(PRE).openCount).toBe(1);
  });

  it('keeps a half-open hook half-open with its trial successes; reads naive times as UTC', () => {
    expect(record(NOTIFY).circuit).toEqual({
      status: 'half_open',
      openedAt: Date.parse('2026-02-10T12:41:30.250Z'),
      successes: 1,
    });
    expect(record(NOTIFY).stats.lastSuccessAt).toBe(Date.parse('2026-02-10T12:47:02.918Z'));
  });

  it('keeps a closed hook closed and the global stats, recounting hooks_disabled', () => {
    expect(record(POST).circuit).toEqual({ status: 'closed' });
    expect(record(POST).stats.consecutiveSuccesses).toBe(12);
    expect(parsed.value.global_stats).toEqual({
      total_executions: 187,
      total_failures: 9,
      hooks_disabled: 2,
      last_updated: '2026-02-10T14:05:47.119Z',
    });
  });

  it('gives an open hook without retry_after the 300 s cooldown of the old tool', () => {
    const doc = {
      hooks: { a: { state: 'open', failure_count: 3, disabled_at: '2026-02-10T14:00:00+00:00' } },
    };
    const hook = breakerDocument.parse(doc).value.hooks.a!;
    const at = Date.parse('2026-02-10T14:00:00Z');
    expect(hookToRecord(hook).circuit).toEqual({
      status: 'open',
      openedAt: at,
      retryAt: at + LEGACY_COOLDOWN_MS,
    });
  });

  it('migrates any legacy-looking JSON object without throwing, to a valid current document', () => {
    const junk = fc.oneof(fc.constant(undefined), fc.jsonValue());
    const legacyHook = fc.record(
      {
        state: fc.oneof(fc.constantFrom('closed', 'open', 'half_open', 'weird'), junk),
        failure_count: fc.oneof(fc.nat(), junk),
        consecutive_failures: fc.oneof(fc.nat(), junk),
        consecutive_successes: fc.oneof(fc.nat(), junk),
        last_error: junk,
        last_failure: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          junk,
        ),
        disabled_at: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          junk,
        ),
        retry_after: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          junk,
        ),
      },
      { requiredKeys: [] },
    );
    const legacyDoc = fc.record(
      {
        hooks: fc.oneof(fc.dictionary(fc.string(), fc.oneof(legacyHook, junk)), junk),
        global_stats: fc.oneof(fc.record({ total_executions: fc.nat(), total_failures: fc.nat() }), junk),
      },
      { requiredKeys: [] },
    );
    // found by this property: a last_error that String() cannot convert
    const odd = breakerDocument.parse({ hooks: { lint: { last_error: { toString: false } } } });
    expect(odd.value.hooks.lint?.last_error).toBe('{"toString":false}');
    fc.assert(
      fc.property(legacyDoc, (doc) => {
        const { value, from } = breakerDocument.parse(JSON.parse(JSON.stringify(doc)));
        expect(from).toBe('0.0.0');
        for (const hook of Object.values(value.hooks)) expect(() => hookToRecord(hook)).not.toThrow();
        expect(value.global_stats.hooks_disabled).toBe(
          Object.values(value.hooks).filter((h) => h.state !== 'closed').length,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('legacy values that do not fit are replaced, never silently zeroed or dated 1970', () => {
  const NOW = Date.parse('2026-03-01T09:00:00Z');
  const at = (now: number) => defineBreakerDocument(() => now);
  const migrate = (hooks: Record<string, unknown>, now = NOW) => at(now).parse({ hooks }).value.hooks;

  it.each([
    ['1e20', 1e20, Number.MAX_SAFE_INTEGER],
    ['2^53 (one past the safe range)', Number.MAX_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER],
    ['1e400 (JSON reads it as Infinity)', Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['7', 7, 7],
    ['-1', -1, 0],
    ['2.5', 2.5, 0],
    ['"3"', '3', 0],
    ['null', null, 0],
  ])('a count of %s reads as the expected value', (_label, value, expected) => {
    const hook = migrate({
      a: { failure_count: value, consecutive_failures: value, consecutive_successes: value },
    }).a!;
    expect(hook.failure_count).toBe(expected);
    expect(hook.consecutive_failures).toBe(expected);
    expect(hook.consecutive_successes).toBe(expected);
    const totals = at(NOW).parse({
      hooks: {},
      global_stats: { total_executions: value, total_failures: value },
    });
    expect(totals.value.global_stats.total_executions).toBe(expected);
  });

  it('holds any count above 2^53 - 1 at Number.MAX_SAFE_INTEGER (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MAX_SAFE_INTEGER + 1, noNaN: true }), (n) => {
        const hook = migrate({ a: { state: 'open', failure_count: n, disabled_at: '2026-02-10T14:00:00Z' } })
          .a!;
        expect(hook.failure_count).toBe(Number.MAX_SAFE_INTEGER);
        expect(hookToRecord(hook).stats.failureCount).toBe(Number.MAX_SAFE_INTEGER);
      }),
    );
  });

  it('keeps an open hook without a usable retry_after or disabled_at open for 300 s from the migration (property)', () => {
    const junkTime = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('not a date', '', '2026-13-45T99:99:99', 'yesterday'),
      fc.jsonValue().filter((v) => typeof v !== 'string'),
    );
    const optionalTime = fc.oneof(
      junkTime,
      fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2026-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
    );
    fc.assert(
      fc.property(
        junkTime,
        junkTime,
        optionalTime,
        fc.integer({ min: Date.parse('2026-01-02T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
        (retryAfter, disabledAt, lastFailure, now) => {
          const raw = {
            state: 'open',
            failure_count: 3,
            retry_after: retryAfter,
            disabled_at: disabledAt,
            last_failure: lastFailure,
          };
          const record = hookToRecord(migrate({ a: JSON.parse(JSON.stringify(raw)) }, now).a!);
          expect(record.circuit).toMatchObject({ status: 'open', retryAt: now + LEGACY_COOLDOWN_MS });
          // still open when read at the migration and until the cooldown ends
          expect(snapshotOf('a', record, now).status).toBe('open');
          expect(snapshotOf('a', record, now + LEGACY_COOLDOWN_MS - 1).status).toBe('open');
          expect(snapshotOf('a', record, now + LEGACY_COOLDOWN_MS).status).toBe('half_open');
        },
      ),
    );
  });

  it('dates an open hook with no time at all at the migration, not 1970', () => {
    const hook = migrate({ a: { state: 'open', retry_after: 'soon', disabled_at: 42 } }).a!;
    expect(hook).toMatchObject({
      disabled_at: new Date(NOW).toISOString(),
      retry_after: new Date(NOW + LEGACY_COOLDOWN_MS).toISOString(),
      updated_at: new Date(NOW).toISOString(),
    });
  });

  it('FileStore migrates a legacy file as of its clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-legacy-'));
    try {
      const path = join(dir, 'hook_state.json');
      writeFileSync(
        path,
        JSON.stringify({
          hooks: { lint: { state: 'open', failure_count: 1e20 } },
          global_stats: { total_executions: 1e20, total_failures: 1e20 },
        }),
      );
      const [[name, record]] = (await new FileStore(path, { clock: { now: () => NOW } }).list()) as [
        [string, ReturnType<typeof hookToRecord>],
      ];
      expect(name).toBe('lint');
      expect(record.circuit).toEqual({ status: 'open', openedAt: NOW, retryAt: NOW + LEGACY_COOLDOWN_MS });
      expect(record.stats.failureCount).toBe(Number.MAX_SAFE_INTEGER);
      // the count stays at its ceiling: later outcomes and the totals still store
      const store = new FileStore(path, { clock: { now: () => NOW } });
      const breaker = new CircuitBreaker({
        name: 'lint',
        store,
        clock: { now: () => NOW + LEGACY_COOLDOWN_MS },
      });
      const permit = await breaker.acquire();
      expect(permit.allowed).toBe(true);
      if (permit.allowed) await permit.failure(new Error('exit 1'));
      const other = await new CircuitBreaker({ name: 'other', store }).acquire();
      if (other.allowed) await other.success();
      expect((await store.get('lint'))?.stats.failureCount).toBe(Number.MAX_SAFE_INTEGER);
      expect((await store.totals()).totalExecutions).toBe(Number.MAX_SAFE_INTEGER);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
