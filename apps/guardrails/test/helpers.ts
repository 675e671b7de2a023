import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildResult, runNode, spawnNode, tempDir } from '@steadystate/testkit';

/** The built bin: these tests run what users run (build first). */
export const BIN = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixture = (name: string) => join(FIXTURES, name);

if (!existsSync(BIN))
  throw new Error(`guardrails e2e: expected the built bin at ${BIN}; run the build first`);

/** A sandbox: its own HOME and state dir, so a developer's ~/.claude is never touched. */
export function sandbox(extraEnv: NodeJS.ProcessEnv = {}) {
  const home = tempDir('guardrails-home-');
  const stateDir = join(home, 'state');
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    USERPROFILE: home,
    GUARDRAILS_STATE_DIR: stateDir,
    CLAUDE_PROJECT_DIR: '',
    CLAUDE_PLUGIN_DATA: '',
    GUARDRAILS_FAILURE_THRESHOLD: '',
    GUARDRAILS_COOLDOWN_SECONDS: '',
    GUARDRAILS_TIMEOUT_SECONDS: '',
    NO_COLOR: '1',
    ...extraEnv,
  };
  const marker = join(home, 'marker');
  return {
    home,
    stateDir,
    env,
    marker,
    /** Lines the hook fixture appended to the marker: how many times the command ran. */
    runs: () => (existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean).length : 0),
    guardrails: (
      args: string[],
      opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
    ): Promise<ChildResult> =>
      runNode(BIN, args, { env: { ...env, ...opts.env }, cwd: home, input: opts.input ?? '{}' }),
    spawn: (args: string[]) => spawnNode(BIN, args, { env, cwd: home }),
    /** The state document, parsed (seed 000 shape + schemaVersion). */
    state: (): StateDoc => JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')),
  };
}

export interface StateDoc {
  schemaVersion: string;
  hooks: Record<
    string,
    {
      state: string;
      failure_count: number;
      consecutive_failures: number;
      last_error: string | null;
      success_count: number;
      consecutive_successes?: number;
      last_success?: string | null;
      trial_successes?: number;
      trials?: Array<{ id: string; owner: string; expires_at: string }>;
      disabled_at?: string | null;
      retry_after?: string | null;
      open_count?: number;
      updated_at?: string;
    }
  >;
  global_stats: { total_executions: number; total_failures: number; hooks_disabled?: number };
}

/** `guardrails run` of the hook fixture. */
export function hookArgs(
  name: string,
  code: number,
  marker?: string,
  message?: string,
  release?: string,
): string[] {
  const args = ['run', '--name', name, '--', process.execPath, fixture('hook.mjs'), String(code)];
  for (const a of [marker, message, release]) args.push(a ?? '');
  return args;
}
