import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ChildResult, runNode, tempDir } from '@steadystate/testkit';
import { expect } from 'vitest';

/** The built bin: these tests run what users run (build first). */
export const BIN = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));

if (!existsSync(BIN))
  throw new Error(`steadystate e2e: expected the built bin at ${BIN}; run the build first`);

/** An environment with none of the developer's STEADYSTATE_* settings and no colours. */
export const CLEAN_ENV: NodeJS.ProcessEnv = {
  STEADYSTATE_BACKEND: '',
  STEADYSTATE_NAMESPACE: '',
  STEADYSTATE_DIR: '',
  STEADYSTATE_FILE: '',
  STEADYSTATE_URL: '',
  STEADYSTATE_DEBUG: '',
  NO_COLOR: '1',
};

/** A temp folder to run the bin in, and a runner with fixed leading arguments. */
export function sandbox(baseArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
  const cwd = tempDir('steadystate-cli-');
  const env = { ...CLEAN_ENV, ...extraEnv };
  const run = (
    args: string[],
    opts: { input?: string; env?: NodeJS.ProcessEnv; bin?: string } = {},
  ): Promise<ChildResult> =>
    runNode(opts.bin ?? BIN, [...baseArgs, ...args], {
      cwd,
      env: { ...env, ...opts.env },
      input: opts.input ?? '',
    });
  /** Runs and expects exit `code`; shows stderr when it is not. */
  const expectRun = async (
    args: string[],
    code = 0,
    opts: { input?: string; env?: NodeJS.ProcessEnv } = {},
  ) => {
    const r = await run(args, opts);
    expect(r.code, `steadystate ${args.join(' ')}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(code);
    return r;
  };
  /** Runs with --json, expects exit 0 and returns the parsed output. */
  const json = async <T = unknown>(args: string[]): Promise<T> =>
    JSON.parse((await expectRun([...args, '--json'])).stdout) as T;
  return { cwd, env, run, expectRun, json };
}
