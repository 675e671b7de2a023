import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateFile, type RecoverEvent } from '@steadystate/state-file';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { FileStore } from './file-store.js';
import { breakerDocument } from './file-store-document.js';
import { type BreakerRecord, emptyRecord } from './record.js';
import { runStoreCompliance, sampleRecord } from './store-compliance.js';

runStoreCompliance('FileStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steadystate-filestore-'));
  return {
    store: new FileStore(join(dir, 'state.json')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const readDoc = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const legacyFixture = new URL('../test/fixtures/hook_state.legacy.json', import.meta.url);
const policy = { failureThreshold: 3, cooldownMs: 300_000, jitter: 0 };

describe('FileStore document on disk', () => {
  it("writes seed 000's hook_state.json shape with schemaVersion, ISO times and global_stats", async () => {
    const path = join(tempDir(), 'state.json');
    const store = new FileStore(path);
    const clock = { t: Date.parse('2026-03-01T10:00:00.000Z'), now: () => clock.t };
    const lint = new CircuitBreaker({ name: 'npm run lint', store, policy, clock });
    const fmt = new CircuitBreaker({ name: 'npm run fmt', store, policy, clock });
    for (let i = 0; i < 3; i++) {
      clock.t += 1000;
      await expect(lint.execute(() => Promise.reject(new Error('exit 1')))).rejects.toThrow('exit 1');
    }
    await fmt.execute(() => 'ok');

    const doc = readDoc(path);
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'hooks', 'global_stats']);
    expect(doc.schemaVersion).toBe('1.0.0');
    expect(doc.hooks['npm run lint']).toMatchObject({
      state: 'open',
      failure_count: 3,
      consecutive_failures: 3,
      consecutive_successes: 0,
      first_failure: '2026-03-01T10:00:01.000Z',
      last_failure: '2026-03-01T10:00:03.000Z',
      last_success: null,
      last_error: 'exit 1',
      disabled_at: '2026-03-01T10:00:03.000Z',
      retry_after: '2026-03-01T10:05:03.000Z',
    });
    expect(doc.hooks['npm run fmt']).toMatchObject({
      state: 'closed',
      last_success: '2026-03-01T10:00:03.000Z',
    });
    expect(doc.global_stats).toEqual({
      total_executions: 4,
      total_failures: 3,
      hooks_disabled: 1,
      last_updated: '2026-03-01T10:00:03.000Z',
    });
  });

  it('does not rewrite the file when an update leaves the record unchanged', async () => {
    const path = join(tempDir(), 'state.json');
    const store = new FileStore(path);
    await store.update('a', () => ({ record: sampleRecord(), result: null }));
    const before = { text: readFileSync(path, 'utf8'), ino: statSync(path).ino };
    await store.update('a', (current) => ({ record: current, result: null }));
    await store.update('a', (current) => ({ record: structuredClone(current), result: null }));
    expect({ text: readFileSync(path, 'utf8'), ino: statSync(path).ino }).toEqual(before);
  });

  it('keeps a deleted breaker in the totals and recounts hooks_disabled', async () => {
    const path = join(tempDir(), 'state.json');
    const store = new FileStore(path);
    await store.update('a', () => ({ record: sampleRecord(), result: null })); // open, 14 executions
    await store.update('b', () => ({ record: emptyRecord(5), result: null }));
    expect(readDoc(path).global_stats.hooks_disabled).toBe(1);
    await store.update('a', () => ({ record: undefined, result: null }));
    expect(readDoc(path).global_stats).toMatchObject({ total_executions: 14, hooks_disabled: 0 });
    expect((await store.totals()).totalExecutions).toBe(14);
  });

  it("counts in hooks_disabled, and gives a disabled_at to, only hooks whose calls are stopped (seed 000's meaning)", async () => {
    const path = join(tempDir(), 'state.json');
    const store = new FileStore(path);
    const now = 1_700_000_000_000;
    const circuits: Record<string, BreakerRecord['circuit']> = {
      closed: { status: 'closed' },
      open: { status: 'open', openedAt: now - 5, retryAt: now + 300_000 },
      half_open: { status: 'half_open', openedAt: now - 9, successes: 0 },
      forced_open: { status: 'forced_open', since: now - 7, until: null, reason: null },
      // the guard switched off: the hook always runs, so it is not "disabled" in the seed's sense
      disabled: { status: 'disabled', since: now - 3 },
    };
    for (const [name, circuit] of Object.entries(circuits))
      await store.update(name, () => ({ record: { ...emptyRecord(now), circuit }, result: null }));
    const doc = readDoc(path);
    expect(doc.global_stats.hooks_disabled).toBe(3);
    const at = (name: string) => doc.hooks[name].disabled_at;
    expect([at('closed'), at('open'), at('half_open'), at('forced_open'), at('disabled')]).toEqual([
      null,
      new Date(now - 5).toISOString(),
      new Date(now - 9).toISOString(),
      new Date(now - 7).toISOString(),
      null,
    ]);
    // a disabled breaker reads back as disabled (its start read as updated_at)
    expect((await store.get('disabled'))?.circuit).toEqual({ status: 'disabled', since: now });
    await store.update('open', () => ({
      record: { ...emptyRecord(now), circuit: circuits.disabled! },
      result: null,
    }));
    expect(readDoc(path).global_stats.hooks_disabled).toBe(2);
  });

  it('creates missing nested folders of its path on the first update', async () => {
    const root = tempDir();
    const path = join(root, 'a', 'b', 'state.json');
    const store = new FileStore(path);
    expect(existsSync(join(root, 'a'))).toBe(false);
    expect(await store.get('x')).toBeUndefined(); // a read creates nothing
    await store.update('x', () => ({ record: emptyRecord(1), result: null }));
    expect(statSync(join(root, 'a', 'b')).isDirectory()).toBe(true);
    expect(readDoc(path).hooks.x.state).toBe('closed');
    expect((await new FileStore(path).get('x'))?.updatedAt).toBe(1);
  });

  it('refuses the name "__proto__", which a JSON object key cannot hold safely', async () => {
    const store = new FileStore(join(tempDir(), 'state.json'));
    await expect(
      store.update('__proto__', () => ({ record: emptyRecord(1), result: null })),
    ).rejects.toMatchObject({
      code: 'EINVALIDOPTION',
    });
  });
});

describe('FileStore over a legacy seed-000 hook_state.json', () => {
  const PRE = 'uv run $CLAUDE_PROJECT_DIR/.claude/hooks/pre_tool_use.py';

  it('keeps the open hook open until its retry_after, then migrates the file on the first write', async () => {
    const path = join(tempDir(), 'hook_state.json');
    copyFileSync(legacyFixture, path);
    const store = new FileStore(path);
    const clock = { t: Date.parse('2026-02-10T14:07:00Z'), now: () => clock.t };
    const hook = new CircuitBreaker({ name: PRE, store, policy, clock });

    const early = await hook.acquire();
    expect(early).toMatchObject({
      allowed: false,
      reason: 'open',
      retryAt: Date.parse('2026-02-10T14:10:47.119Z'),
    });
    expect(readDoc(path).schemaVersion).toBeUndefined(); // reading never rewrites

    clock.t = Date.parse('2026-02-10T14:11:00Z');
    const trial = await hook.acquire();
    expect(trial).toMatchObject({ allowed: true, trial: true });
    // the first write migrated the file; the legacy document is kept as the last good copy
    expect(readDoc(path).schemaVersion).toBe('1.0.0');
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(readFileSync(legacyFixture, 'utf8'));
    if (trial.allowed) await trial.success();

    const doc = readDoc(path);
    expect(doc.schemaVersion).toBe('1.0.0');
    expect(doc.hooks[PRE]).toMatchObject({ state: 'half_open', consecutive_successes: 1, failure_count: 4 });
    expect(doc.global_stats).toMatchObject({ total_executions: 188, total_failures: 9, hooks_disabled: 2 });
  });
});

describe('FileStore errors: StoreUnavailableError so callers can fail open', () => {
  it('surfaces a lock held too long as ESTOREUNAVAILABLE (cause ELOCKTIMEOUT) within its bound', async () => {
    const path = join(tempDir(), 'state.json');
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const holder = openStateFile(path, breakerDocument).update(async () => {
      locked();
      await new Promise<void>((r) => {
        release = r;
      });
    });
    await isLocked;
    const store = new FileStore(path, { lock: { timeoutMs: 300 } });
    const started = Date.now();
    const error = await store.update('x', () => ({ record: emptyRecord(1), result: null })).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    release();
    await holder;
    expect(error).toMatchObject({ code: 'ESTOREUNAVAILABLE', store: `file ${path}` });
    expect(error.message).toMatch(/^circuit-breaker: expected the file .* store to update "x"/);
    expect(error.cause.code).toBe('ELOCKTIMEOUT');
  });

  it('refuses a file written by a newer version and leaves it untouched', async () => {
    const path = join(tempDir(), 'state.json');
    const newer = `${JSON.stringify({ schemaVersion: '9.0.0', hooks: {}, global_stats: {} })}\n`;
    writeFileSync(path, newer);
    const store = new FileStore(path);
    for (const call of [
      () => store.get('x'),
      () => store.update('x', () => ({ record: undefined, result: 1 })),
    ]) {
      const error = await call().catch((e) => e);
      expect(error).toMatchObject({
        code: 'ESTOREUNAVAILABLE',
        cause: { code: 'EMIGRATION', reason: 'newer' },
      });
    }
    expect(readFileSync(path, 'utf8')).toBe(newer);
  });

  it('surfaces an unusable location (parent is a file) as ESTOREUNAVAILABLE', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-dir'), '');
    const store = new FileStore(join(dir, 'not-a-dir', 'state.json'), { lock: { timeoutMs: 500 } });
    await expect(store.update('x', () => ({ record: emptyRecord(1), result: null }))).rejects.toMatchObject({
      code: 'ESTOREUNAVAILABLE',
    });
  });

  it('recovers from a corrupt file, reporting it to onRecover', async () => {
    const path = join(tempDir(), 'state.json');
    writeFileSync(path, '{"schemaVersion": "1.0.0", "hooks": {"a": {"sta');
    const events: RecoverEvent[] = [];
    const store = new FileStore(path, { onRecover: (e) => events.push(e) });
    expect(await store.get('a')).toBeUndefined();
    expect(events).toMatchObject([{ path, restoredFrom: 'defaults' }]);
    await store.update('a', () => ({ record: sampleRecord(), result: null }));
    expect(await store.get('a')).toEqual(sampleRecord());
  });
});
