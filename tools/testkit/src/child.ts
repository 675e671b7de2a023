import { type ChildProcess, spawn } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node script ...args` with piped stdio; the caller owns the process. */
export function spawnNode(
  script: string,
  args: readonly string[] = [],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `node script ...args` to completion, collecting its output. */
export function runNode(
  script: string,
  args: readonly string[] = [],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string | Buffer } = {},
): Promise<ChildResult> {
  const child = spawnNode(script, args, opts);
  return collect(child, opts.input);
}

function collect(child: ChildProcess, input?: string | Buffer): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin?.end(input);
  });
}
