import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakerDocument } from './file-store-document.js';
import { LEGACY_COOLDOWN_MS } from './file-store-legacy.js';
import { hookToRecord } from './file-store-mapping.js';

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
