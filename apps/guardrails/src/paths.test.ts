import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { main as config } from './commands/config.js';
import { resolveStateDir } from './paths.js';
import { testContext } from './test-context.js';

const HOME = '/home/someone';
const OWN = '/srv/guardrails-state';
const PLUGIN = '/home/someone/.claude/plugins/data/guardrails';
const DEFAULT = join(HOME, '.claude', 'guardrails');

describe('resolveStateDir: $GUARDRAILS_STATE_DIR, else $CLAUDE_PLUGIN_DATA, else ~/.claude/guardrails', () => {
  it.each([
    [{ GUARDRAILS_STATE_DIR: OWN, CLAUDE_PLUGIN_DATA: PLUGIN }, OWN, 'GUARDRAILS_STATE_DIR'],
    [{ GUARDRAILS_STATE_DIR: OWN }, OWN, 'GUARDRAILS_STATE_DIR'],
    [{ CLAUDE_PLUGIN_DATA: PLUGIN }, PLUGIN, 'CLAUDE_PLUGIN_DATA'],
    [{ GUARDRAILS_STATE_DIR: '', CLAUDE_PLUGIN_DATA: PLUGIN }, PLUGIN, 'CLAUDE_PLUGIN_DATA'],
    [{}, DEFAULT, 'default'],
    [{ GUARDRAILS_STATE_DIR: '', CLAUDE_PLUGIN_DATA: '' }, DEFAULT, 'default'],
  ])('%j -> %s (%s)', (env, dir, source) => {
    expect(resolveStateDir(env, HOME)).toEqual({ dir, source });
  });
});

describe('config names where the state directory came from', () => {
  const show = async (env: NodeJS.ProcessEnv) => {
    const home = tempDir();
    const { ctx, out } = testContext({ HOME: home, CLAUDE_PROJECT_DIR: home, ...env });
    expect(await config([], ctx), out.stderr).toBe(0);
    return { home, stdout: out.stdout };
  };

  it('from $CLAUDE_PLUGIN_DATA when only that is set', async () => {
    const plugin = tempDir();
    const { stdout } = await show({ CLAUDE_PLUGIN_DATA: plugin });
    expect(stdout).toContain(`State directory: ${plugin}  (from $CLAUDE_PLUGIN_DATA)`);
  });

  it('from $GUARDRAILS_STATE_DIR over $CLAUDE_PLUGIN_DATA, and the default with neither', async () => {
    const own = tempDir();
    const both = await show({ GUARDRAILS_STATE_DIR: own, CLAUDE_PLUGIN_DATA: tempDir() });
    expect(both.stdout).toContain(`State directory: ${own}  (from $GUARDRAILS_STATE_DIR)`);
    const neither = await show({});
    expect(neither.stdout).toContain(
      `State directory: ${join(neither.home, '.claude', 'guardrails')}  (default: ~/.claude/guardrails)`,
    );
  });
});
