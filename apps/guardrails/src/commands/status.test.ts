import { join } from 'node:path';
import { CircuitBreaker, FileStore } from '@steadystate/circuit-breaker';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { statePath } from '../paths.js';
import { testContext } from '../test-context.js';
import { main } from './status.js';

const NOW = Date.parse('2026-02-10T10:00:00Z');

/** A state dir where `lint` opened at NOW (3 failures) on a fixed clock. */
async function openLint(): Promise<string> {
  const dir = join(tempDir(), 'state');
  const breaker = new CircuitBreaker({
    name: 'lint',
    store: new FileStore(statePath(dir)),
    clock: { now: () => NOW },
    policy: { jitter: 0, cooldownMs: 300_000 },
  });
  for (let i = 0; i < 3; i++) {
    const permit = await breaker.acquire();
    if (permit.allowed) await permit.failure(new Error('exit 1: boom'));
  }
  return dir;
}

describe('status (in process, fixed clock)', () => {
  it('shows the exact time left before the retry', async () => {
    const dir = await openLint();
    const { ctx, out } = testContext({ GUARDRAILS_STATE_DIR: dir }, () => NOW + 60_000);
    expect(await main([], ctx)).toBe(0);
    expect(out.stdout.split('\n')[1]).toMatch(/^lint\s+open\s+3\s+exit 1: boom\s+4m$/);
  });

  it('colours the state only when the context allows colour', async () => {
    const dir = await openLint();
    const plain = testContext({ GUARDRAILS_STATE_DIR: dir }, () => NOW);
    await main([], plain.ctx);
    expect(plain.out.stdout.includes('\u001b[')).toBe(false);
    const tty = testContext({ GUARDRAILS_STATE_DIR: dir }, () => NOW);
    tty.ctx.color = true;
    await main([], tty.ctx);
    expect(tty.out.stdout).toContain('\u001b[31mopen\u001b[39m');
  });

  it('says when a paused hook is tried again in --hook-json, and nothing once it is due', async () => {
    const dir = await openLint();
    const before = testContext({ GUARDRAILS_STATE_DIR: dir }, () => NOW + 60_000);
    await main(['--hook-json'], before.ctx);
    expect(JSON.parse(before.out.stdout).systemMessage).toContain('(4m)');
    const due = testContext({ GUARDRAILS_STATE_DIR: dir }, () => NOW + 300_000);
    expect(await main(['--hook-json'], due.ctx)).toBe(0);
    expect(due.out.stdout).toBe('');
  });

  it('never fails with --hook-json, even on a broken state file path', async () => {
    const file = join(tempDir(), 'not-a-dir');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'x'));
    const { ctx, out } = testContext({ GUARDRAILS_STATE_DIR: file });
    expect(await main(['--hook-json'], ctx)).toBe(0);
    expect(out.stdout).toBe('');
  });

  it('says a trial is running (and when its lease ends) instead of "trial on next call"', async () => {
    const dir = await openLint();
    const at = (t: number) => testContext({ GUARDRAILS_STATE_DIR: dir }, () => t);
    const row = async (t: number) => {
      const { ctx, out } = at(t);
      expect(await main([], ctx)).toBe(0);
      return out.stdout.split('\n')[1];
    };
    // past the cooldown, nobody trying yet: the next call is the trial
    expect(await row(NOW + 300_000)).toMatch(/^lint\s+half-open\s+3\s+exit 1: boom\s+trial on next call$/);
    // a call takes the trial (lease 60 s by default): the next calls are skipped while it runs
    const trialist = new CircuitBreaker({
      name: 'lint',
      store: new FileStore(statePath(dir)),
      clock: { now: () => NOW + 300_000 },
      policy: { jitter: 0, cooldownMs: 300_000 },
    });
    const permit = await trialist.acquire();
    expect(permit.allowed && permit.trial).toBe(true);
    expect(await row(NOW + 330_000)).toMatch(
      /^lint\s+half-open\s+3\s+exit 1: boom\s+trial running \(lease ends in 30s\)$/,
    );
    // the lease ran out without a report: its slot is free again
    expect(await row(NOW + 361_000)).toMatch(/\s+trial on next call$/);
  });
});
