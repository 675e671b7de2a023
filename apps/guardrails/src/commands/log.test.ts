import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { testContext } from '../test-context.js';
import { appendTransition } from '../transition-log.js';
import { main } from './log.js';

const T = Date.parse('2026-02-10T19:13:15Z');

const opened = (hook: string, at: number, failures: number) => ({
  type: 'opened' as const,
  name: hook,
  hook,
  from: 'closed' as const,
  to: 'open' as const,
  at,
  reason: `${failures} consecutive failures`,
  error: 'exit 1',
});
const halfOpened = (hook: string, at: number) => ({
  type: 'half_opened' as const,
  name: hook,
  hook,
  from: 'open' as const,
  to: 'half_open' as const,
  at,
  reason: 'cooldown elapsed',
});

/** The repro's log: a opened, b opened, then a's half-open (dated earlier) noticed. */
async function reproLog(): Promise<string> {
  const dir = tempDir();
  await appendTransition(dir, opened('a', T, 1));
  await appendTransition(dir, opened('b', T + 3000, 3));
  await appendTransition(dir, halfOpened('a', T + 1000));
  return dir;
}

describe('log (in process)', () => {
  it('prints oldest first by time, even a transition appended after later ones', async () => {
    const dir = await reproLog();
    const { ctx, out } = testContext({ GUARDRAILS_STATE_DIR: dir }, () => T + 5000);
    expect(await main([], ctx)).toBe(0);
    const rows = out.stdout.trimEnd().split('\n');
    expect(rows.map((r) => r.split(/\s+/).slice(1, 3).join(' '))).toEqual([
      'a opened',
      'a half-opened',
      'b opened',
    ]);
    const json = JSON.parse((await run(['--json', '-n', '2'], dir)).stdout);
    expect(json.map((e: { hook: string; type: string }) => `${e.hook} ${e.type}`)).toEqual([
      'a half_opened',
      'b opened',
    ]);
  });
});

async function run(argv: string[], dir: string) {
  const { ctx, out } = testContext({ GUARDRAILS_STATE_DIR: dir }, () => T + 5000);
  expect(await main(argv, ctx)).toBe(0);
  return out;
}
