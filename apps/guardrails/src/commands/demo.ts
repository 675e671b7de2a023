import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CommandContext } from '../context.js';
import { flakyHookSource, hookInput } from '../demo-hook.js';
import { colors, formatDuration, plural } from '../format.js';

export const help = `Usage: guardrails demo [--keep] [--cooldown SEC]

Shows a flaky hook under guardrails, with real guardrails processes on a throwaway
state folder (your ~/.claude is not touched): it fails 3 times, the breaker opens,
the next call is skipped (the systemMessage JSON Claude Code would show), the
cooldown passes, a trial run succeeds, a second success closes the breaker, and
\`guardrails status\` shows the result. Takes about 5 seconds.

Options:
  --keep           keep the throwaway folder (state.json, transitions.jsonl) and print its path
  --cooldown SEC   the breaker's cooldown (default 2; fractions allowed)
  -h, --help       this text

Exit codes: 0 the demo ran as described; 1 something behaved differently (it says what); 64 usage error
`;

interface Shown {
  code: number;
  stdout: string;
  stderr: string;
}

/** `guardrails demo`. */
export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  let keep = false;
  let cooldown = 2;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { keep: { type: 'boolean' }, cooldown: { type: 'string' } },
      strict: true,
    });
    keep = values.keep === true;
    if (values.cooldown !== undefined) {
      cooldown = Number(values.cooldown);
      if (!(cooldown > 0) || !Number.isFinite(cooldown))
        throw new Error(`expected --cooldown to be seconds > 0, found "${values.cooldown}"`);
    }
  } catch (error) {
    ctx.stderr.write(`guardrails demo: ${(error as Error).message}\n\n${help}`);
    return 64;
  }

  const c = colors(ctx.color);
  const out = (line = '') => ctx.stdout.write(`${line}\n`);
  const root = mkdtempSync(join(tmpdir(), 'guardrails-demo-'));
  const stateDir = join(root, 'state');
  const hookFile = join(root, 'lint-check.cjs');
  writeFileSync(hookFile, flakyHookSource(3));
  // the bin that started us (its code cache included), else this bundle
  const bin = process.argv[1] ?? fileURLToPath(import.meta.url);
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    HOME: root, // no user config from the real ~/.claude
    CLAUDE_PROJECT_DIR: root,
    GUARDRAILS_STATE_DIR: stateDir,
    GUARDRAILS_FAILURE_THRESHOLD: '3',
    GUARDRAILS_COOLDOWN_SECONDS: String(cooldown),
    GUARDRAILS_TIMEOUT_SECONDS: '30',
  };
  const input = hookInput(root);
  const runs = () => Number(readFileSync(join(root, 'runs.txt'), 'utf8'));
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };

  const guardrails = (args: string[], stdin?: string) => spawnBin(bin, args, { env, cwd: root, stdin });
  const show = async (title: string, args: string[]): Promise<Shown> => {
    out(c.bold(title));
    const shown = `guardrails ${args.join(' ')}`.replace(hookFile, 'lint-check.cjs');
    out(`${c.gray('$')} echo '<PostToolUse JSON>' | ${c.cyan(shown)}`);
    const result = await guardrails(args, input);
    for (const line of result.stderr.trimEnd().split('\n').filter(Boolean))
      out(`  ${c.gray('stderr:')} ${line}`);
    if (result.stdout) {
      out(`  ${c.gray('stdout:')}`);
      for (const line of prettyJson(result.stdout).split('\n')) out(`    ${c.yellow(line)}`);
    }
    out(`  ${c.gray('exit')} ${result.code === 0 ? c.green('0') : c.red(String(result.code))}`);
    return result;
  };
  const state = async (expected: string) => {
    const report = await breakerLine(stateDir);
    const coloured = report.status === 'closed' ? c.green(report.text) : c.red(report.text);
    out(`  ${c.gray('breaker:')} ${coloured}`);
    out();
    expect(report.status === expected, `expected the breaker to be ${expected}, found ${report.status}`);
    return report;
  };

  out(c.bold('guardrails demo: a flaky PostToolUse hook under a circuit breaker'));
  out(
    c.gray(`throwaway state in ${stateDir}; failure threshold 3, cooldown ${cooldown}s, 2 successes close`),
  );
  out();
  const run = ['run', '--', 'node', hookFile];
  try {
    for (let i = 1; i <= 3; i++) {
      const r = await show(`${i}. The hook fails (${i} of 3)`, run);
      expect(r.code === 1, `expected run ${i} to exit 1, found ${r.code}`);
      await state(i < 3 ? 'closed' : 'open');
    }
    const skipped = await show(
      '4. The breaker is open: the hook is skipped, Claude Code shows the systemMessage',
      run,
    );
    expect(
      skipped.code === 0 && skipped.stdout.includes('systemMessage'),
      `expected a skip with hook JSON (if the machine is slow the ${cooldown}s cooldown may have passed already: try --cooldown 10)`,
    );
    expect(runs() === 3, `expected the hook not to run while open, but it ran ${runs()} times`);
    out(`  ${c.gray(`the hook did not run: it has run ${runs()} times`)}`);
    const open = await state('open');
    await countdown(open.retryAt, ctx, c.gray);
    for (const [i, expected] of [
      [5, 'half_open'],
      [6, 'closed'],
    ] as const) {
      const r = await show(
        `${i}. ${i === 5 ? 'Cooldown over: a trial run passes' : 'A second success closes the breaker'}`,
        run,
      );
      expect(r.code === 0, `expected run ${i} to exit 0, found ${r.code}`);
      await state(expected);
    }
    for (const [title, args] of [
      ['7. guardrails status', ['status']],
      ['8. guardrails log', ['log']],
    ] as const) {
      out(c.bold(title));
      const r = await guardrails([...args]);
      const text = r.code === 0 ? r.stdout : await fallback(args[0], stateDir, ctx.now());
      for (const line of text.trimEnd().split('\n')) out(`  ${line}`);
      out();
    }
  } finally {
    if (keep) out(c.gray(`kept ${root}`));
    else rmSync(root, { recursive: true, force: true });
  }
  if (problems.length) {
    ctx.stderr.write(`guardrails demo: ${problems.join('; ')}\n`);
    return 1;
  }
  out(
    c.green(
      'Done: 3 failures opened the breaker, the 4th call was skipped, a trial passed, 2 successes closed it.',
    ),
  );
  out(
    `In a settings.json hook: ${c.cyan('"command": "guardrails run -- node .claude/hooks/lint-check.cjs"')}`,
  );
  return 0;
}

function spawnBin(
  bin: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; stdin?: string | undefined },
): Promise<Shown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: opts.env, cwd: opts.cwd, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text.trimEnd();
  }
}

async function countdown(
  retryAt: number | null,
  ctx: CommandContext,
  dim: (s: string) => string,
): Promise<void> {
  if (retryAt === null) return;
  const tty = (ctx.stdout as { isTTY?: boolean }).isTTY === true;
  let lastSecond = -1;
  while (ctx.now() < retryAt) {
    const left = retryAt - ctx.now();
    const line = `  waiting for the cooldown: retry in ${formatDuration(left)}`;
    if (tty) ctx.stdout.write(`\r${dim(line)}\u001b[K`);
    else if (Math.ceil(left / 1000) !== lastSecond) ctx.stdout.write(`${dim(line)}\n`);
    lastSecond = Math.ceil(left / 1000);
    await new Promise((r) => setTimeout(r, Math.min(tty ? 100 : 250, Math.max(10, left))));
  }
  await new Promise((r) => setTimeout(r, 20));
  ctx.stdout.write(tty ? `\r${dim('  cooldown over')}\u001b[K\n\n` : `${dim('  cooldown over')}\n\n`);
}

async function breakerLine(
  stateDir: string,
): Promise<{ status: string; retryAt: number | null; text: string }> {
  const { openStore } = await import('../breakers.js');
  const snap = await openStore(stateDir)
    .get('lint-check')
    .then(async (record) => {
      if (!record) return undefined;
      const { snapshotOf } = await import('@steadystate/circuit-breaker');
      return snapshotOf('lint-check', record, Date.now());
    });
  if (!snap) return { status: 'missing', retryAt: null, text: 'no record' };
  const counts =
    snap.status === 'half_open'
      ? `${snap.consecutiveSuccesses} of 2 trial successes`
      : snap.status === 'closed' && snap.consecutiveFailures === 0
        ? `the hook runs normally; ${plural(snap.failureCount, 'failure')} recorded in total`
        : plural(snap.consecutiveFailures, 'consecutive failure');
  const retry =
    snap.status === 'open' && snap.retryAt ? `, retry in ${formatDuration(snap.retryAt - Date.now())}` : '';
  return { status: snap.status, retryAt: snap.retryAt, text: `${snap.status} (${counts}${retry})` };
}

/** status / log rendered here while those commands are not available in this build. */
async function fallback(command: 'status' | 'log', stateDir: string, now: number): Promise<string> {
  const { formatTable, formatAgo } = await import('../format.js');
  if (command === 'log') {
    const { readTransitions } = await import('../transition-log.js');
    const entries = await readTransitions(stateDir, { limit: 20 });
    return formatTable(
      ['TIME', 'HOOK', 'TRANSITION', 'WHY'],
      entries.map((e) => [formatAgo(e.at, now), e.hook, `${e.from} -> ${e.to}`, e.reason ?? e.error ?? '']),
    );
  }
  const { openStore } = await import('../breakers.js');
  const { healthReport } = await import('@steadystate/circuit-breaker');
  const report = await healthReport(openStore(stateDir));
  return formatTable(
    ['HOOK', 'STATE', 'FAILURES', 'LAST ERROR', 'LAST SUCCESS'],
    report.breakers.map((b) => [
      b.name,
      b.status,
      String(b.failureCount),
      b.lastError ?? '-',
      formatAgo(b.lastSuccessAt, now),
    ]),
  );
}
