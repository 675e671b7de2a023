import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '@steadystate/circuit-breaker';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { statePath } from '../paths.js';
import { testContext } from '../test-context.js';
import { main } from './import.js';

const NOW = Date.parse('2026-03-01T09:00:00Z');
const COOLDOWN = 300_000;

/** A home with a legacy hook_state.json holding `hooks`, and an empty state dir. */
function legacyHome(hooks: Record<string, unknown>) {
  const home = tempDir();
  mkdirSync(join(home, '.claude'), { recursive: true });
  // 1e20 is written as such (JSON.stringify would too): a count past 2^53 - 1
  writeFileSync(join(home, '.claude', 'hook_state.json'), JSON.stringify({ hooks }));
  const state = join(home, 'state');
  return { env: { HOME: home, GUARDRAILS_STATE_DIR: state }, state };
}

describe('import of values the legacy file cannot carry over as they are (in process, fixed clock)', () => {
  it('keeps an open hook with no usable time open from the import, holds a huge count, and warns per field', async () => {
    const { env, state } = legacyHome({
      'node lint.mjs': { state: 'open', failure_count: 1e20, retry_after: 'soon', disabled_at: null },
      'npm test': { state: 'closed', failure_count: 2, consecutive_successes: 5 },
    });
    const { ctx, out } = testContext(env, () => NOW);
    expect(await main([], ctx), out.stderr).toBe(0);
    const records = new Map(await new FileStore(statePath(state)).list());
    expect(records.get('lint')?.circuit).toEqual({
      status: 'open',
      openedAt: NOW,
      retryAt: NOW + COOLDOWN,
    });
    expect(records.get('lint')?.stats.failureCount).toBe(Number.MAX_SAFE_INTEGER);
    expect(records.get('test')?.stats.failureCount).toBe(2);
    expect(out.stdout).toMatch(
      /imported +lint +<- node lint\.mjs {2}\(open, 9007199254740991 failure\(s\), retry .*\(in 5m\)/,
    );
    expect(out.stderr.split('\n')).toEqual([
      'guardrails: import lint: failure_count 100000000000000000000 is above 9007199254740991 (2^53 - 1); imported as 9007199254740991',
      `guardrails: import lint: open with no usable retry_after or disabled_at (retry_after "soon", disabled_at null); kept open until ${new Date(NOW + COOLDOWN).toISOString()}, 300 s after the import`,
      '',
    ]);
  });

  it('warns about nothing when every value fits', async () => {
    const { env } = legacyHome({
      'node lint.mjs': { state: 'open', failure_count: 3, disabled_at: '2026-03-01T08:58:00+00:00' },
    });
    const { ctx, out } = testContext(env, () => NOW);
    expect(await main([], ctx), out.stderr).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/imported +lint .*\(open, 3 failure\(s\), retry .*\(in 3m\)/);
  });
});
