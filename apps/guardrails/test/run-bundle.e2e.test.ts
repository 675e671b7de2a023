import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { BIN, hookArgs, sandbox } from './helpers.js';

/** Each bundle run directly, without the bin that picks one. */
const BUNDLES = {
  run: join(BIN, '..', 'run.cjs'),
  full: join(BIN, '..', 'guardrails.cjs'),
};

/** The same scenario through one bundle, on a fresh sandbox: what a user would see, step by step. */
async function scenario(bundle: string) {
  const box = sandbox();
  const call = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runNode(bundle, args, { env: { ...box.env, ...env }, cwd: box.home, input: '{}' });
  const steps = [];
  for (let i = 1; i <= 3; i++) steps.push(await call(hookArgs('lint', 1, box.marker, `lint: broken (${i})`)));
  steps.push(await call(hookArgs('lint', 1, box.marker, 'lint: broken (4)'))); // open: skipped
  steps.push(await call(hookArgs('fmt', 0, box.marker))); // success
  steps.push(await call(hookArgs('guard', 2, box.marker, 'blocked'))); // a deliberate block
  steps.push(await call(['run', '--', 'guardrails-missing-command-xyz'])); // not found
  steps.push(await call(['run', '--help']));
  steps.push(await call(['run'])); // usage error
  steps.push(await call(['run', '--timeout', 'x', '--', process.execPath, '-e', '0'])); // unguarded
  steps.push(await call(hookArgs('env', 0, box.marker), { GUARDRAILS_FAILURE_THRESHOLD: '0' })); // bad env
  writeBrokenState(box.stateDir);
  steps.push(await call(hookArgs('fmt', 0, box.marker))); // a corrupt state file is repaired
  mkdirSync(join(box.home, '.claude'), { recursive: true });
  const config = join(box.home, '.claude', 'guardrails.json');
  writeFileSync(config, JSON.stringify({ exclude: ['free'], hooks: { guard: { onOpen: 'block' } } }));
  steps.push(await call(hookArgs('free', 1, box.marker, 'free failed'))); // excluded: not counted
  writeFileSync(config, JSON.stringify({ defaults: { failureThreshold: 'x' } }));
  steps.push(await call(hookArgs('fmt', 0, box.marker))); // an invalid config: unguarded
  const state = box.state();
  return {
    steps: steps.map((r) => ({
      code: r.code,
      stdout: r.stdout.replace(/\d\d:\d\d:\d\d \(in [^)]*\)/, '<time>'),
      stderr: r.stderr.replaceAll(box.home, '<home>').replace(/corrupt-[^ ]+/, 'corrupt-<time>'),
    })),
    hooks: Object.fromEntries(
      Object.entries(state.hooks).map(([name, h]) => [name, [h.state, h.failure_count, h.last_error]]),
    ),
    runs: box.runs(),
  };
}

function writeBrokenState(dir: string): void {
  const file = join(dir, 'state.json');
  readFileSync(file); // it exists
  writeFileSync(file, '{"schemaVersion": "1.0.0", "hooks": {');
}

describe('the run bundle (what the bin loads for `guardrails run`)', () => {
  it('behaves exactly like `run` through the full bundle: output, exit codes, state', async () => {
    const [viaRun, viaFull] = await Promise.all([scenario(BUNDLES.run), scenario(BUNDLES.full)]);
    expect(viaRun).toEqual(viaFull);
    // and the scenario did what it says
    expect(viaRun.steps.map((s) => s.code)).toEqual([1, 1, 1, 0, 0, 2, 127, 0, 64, 0, 0, 0, 1, 0]);
    expect(viaRun.steps[3]?.stdout).toContain('"systemMessage"');
    expect(viaRun.steps[7]?.stdout).toMatch(/^Usage: guardrails run/);
    expect(viaRun.steps[10]?.stderr).toMatch(/^guardrails: running env unguarded: /);
    expect(viaRun.steps[11]?.stderr).toMatch(/^guardrails: the state file .* was corrupt: moved it aside/);
    expect(viaRun.steps[12]?.stderr).toBe('free failed\n');
    expect(viaRun.steps[13]?.stderr).toMatch(
      /^guardrails: running fmt unguarded: .*defaults\.failureThreshold/,
    );
    expect(viaRun.hooks.lint).toEqual(['open', 3, 'exit 1: lint: broken (3)']);
    expect(viaRun.hooks.free).toBeUndefined();
  });
});
