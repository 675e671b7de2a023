import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BreakerEvent, Permit } from '@steadystate/circuit-breaker';
import { type LoadedConfig, loadConfig, MAX_TIMEOUT_SECONDS, settingsFor, timeoutMsOf } from '../config.js';
import type { CommandContext } from '../context.js';
import { deriveHookName } from '../hook-name.js';
import { DEFAULT_SETTINGS, type HookSettings } from '../hook-settings.js';
import { homeDir, resolveStateDir } from '../paths.js';
import type { RunResult } from '../runner.js';

export const help = `Usage: guardrails run [--name NAME] [--timeout SEC] [--on-open skip|block] [--] <command...>

Runs a hook command under its circuit breaker; this is what goes into a Claude Code
settings.json hook:  "command": "guardrails run -- node .claude/hooks/lint.mjs"

  stdin, stdout and stderr pass through untouched; the command's exit code is returned.
  Exit 0 counts as a success, exit 2 (a deliberate block) as neither; any other code,
  a signal, a timeout or a command that cannot start counts as a failure.
  After failureThreshold consecutive failures (default 3) the hook is skipped: nothing
  runs, stdout gets hook JSON with a systemMessage saying why and until when, exit 0.
  After the cooldown one trial runs; successThreshold successes (default 2) close it.
  One argument with shell syntax (spaces, quotes, &&, |, $) runs with /bin/sh -c.
  The -- may be left out: the command starts at the first word that is not one of the
  options below (or a value of one); every word from there on, a -- or --help too, is
  the command's own: guardrails run npm run lint -- --fix runs npm run lint -- --fix.
  If guardrails itself fails (bad config, unreadable state, lock timeout) the command
  runs unguarded and one line on stderr says why.

Options:
  --name NAME        breaker name (default: the script's name, e.g. lint for lint.mjs)
  --timeout SEC      kill the command's process group after SEC seconds (default 60; 0 = never;
                     at most 2147483.647, about 24.8 days)
  --on-open MODE     skip (default): exit 0 with a systemMessage; block: exit 2, reason on stderr
  -h, --help         this text

Exit codes:
  the command's own code; 124 timed out; 127 not found; 128+N killed by signal N;
  0 skipped while open; 2 blocked while open with --on-open block; 64 usage error

Environment: GUARDRAILS_STATE_DIR, CLAUDE_PLUGIN_DATA (state directory),
GUARDRAILS_FAILURE_THRESHOLD, GUARDRAILS_COOLDOWN_SECONDS, GUARDRAILS_TIMEOUT_SECONDS,
GUARDRAILS_SPAWN=child_process (start commands through node:child_process only).
`;

interface RunArgs {
  command: string[];
  name?: string;
  flags: Partial<HookSettings>;
  problem?: string;
  /** `-h` / `--help` among guardrails' own options (before the command). */
  help?: boolean;
}

/** guardrails' options that take a value (`--name NAME`; `--name=NAME` is one word). */
const VALUE_OPTIONS = new Set(['--name', '--timeout', '--on-open']);

/**
 * Where the command starts in `[options] [--] command...`: guardrails' own options come
 * first (the words starting with `-`, and the value after `--name`, `--timeout`, `--on-open`);
 * the command starts at the first other word, or after a `--` met before it. So the `--` may
 * be left out, and a `--` or an option-looking word after the first word of the command is
 * the command's own: `guardrails run npm run lint -- --fix` runs `npm run lint -- --fix`.
 * Returns `[end of the options, start of the command]`.
 */
function commandStart(argv: readonly string[]): [number, number] {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return [i, i + 1];
    if (!arg.startsWith('-') || arg === '-') return [i, i];
    // the value of `--name VALUE`, unless it is the `--` (then parseArgs reports the missing value)
    if (VALUE_OPTIONS.has(arg) && argv[i + 1] !== '--') i++;
  }
  return [argv.length, argv.length];
}

/** Splits `[options] [--] command...`; a bad option is a `problem`, not a throw. */
export function parseRunArgs(argv: string[]): RunArgs {
  const [optionsEnd, start] = commandStart(argv);
  const result: RunArgs = { command: argv.slice(start), flags: {} };
  if (optionsEnd === 0) return result; // no options: the usual hook line, no parser needed
  try {
    const { values } = parseArgs({
      args: argv.slice(0, optionsEnd),
      options: {
        name: { type: 'string' },
        timeout: { type: 'string' },
        'on-open': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) result.help = true;
    if (values.name !== undefined) result.name = values.name;
    if (values.timeout !== undefined) {
      const seconds = Number(values.timeout);
      if (
        values.timeout.trim() === '' ||
        !Number.isFinite(seconds) ||
        seconds < 0 ||
        seconds > MAX_TIMEOUT_SECONDS
      ) {
        result.problem = `expected --timeout to be a number of seconds >= 0 and <= ${MAX_TIMEOUT_SECONDS} (2^31-1 ms, about 24.8 days; 0 = never), found "${values.timeout}"`;
      } else result.flags.timeoutSeconds = seconds;
    }
    const onOpen = values['on-open'];
    if (onOpen !== undefined) {
      if (onOpen === 'skip' || onOpen === 'block') result.flags.onOpen = onOpen;
      else result.problem = `expected --on-open to be skip or block, found "${onOpen}"`;
    }
  } catch (error) {
    result.problem = (error as Error).message;
  }
  return result;
}

/** True when `guardrails run`'s own options (before the command) ask for its help. */
export function asksForHelp(argv: string[]): boolean {
  return parseRunArgs(argv).help === true;
}

/** `guardrails run`. */
export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const args = parseRunArgs(argv);
  if (args.command.length === 0 || args.command[0] === '') {
    ctx.stderr.write(
      `guardrails run: expected a command after --${args.problem ? ` (${args.problem})` : ''}\n\n${help}`,
    );
    return 64;
  }
  const name = args.name || deriveHookName(args.command);
  let timeoutMs = timeoutMsOf(args.flags.timeoutSeconds ?? DEFAULT_SETTINGS.timeoutSeconds);
  const unguarded = async (reason: string) => {
    ctx.stderr.write(`guardrails: running ${name} unguarded: ${reason.replace(/^guardrails: /, '')}\n`);
    return (await execute(args.command, ctx, timeoutMs)).exitCode;
  };
  if (args.problem) return unguarded(args.problem);

  let config: LoadedConfig;
  try {
    config = await loadConfig({ env: ctx.env, cwd: ctx.cwd, flags: args.flags });
  } catch (error) {
    return unguarded(describe(error));
  }
  const settings = settingsFor(config, name);
  timeoutMs = timeoutMsOf(settings.timeoutSeconds);
  if (settings.excluded) return (await execute(args.command, ctx, timeoutMs)).exitCode;

  const pending: Promise<void>[] = [];
  let permit: Permit;
  try {
    const { dir } = resolveStateDir(ctx.env, homeDir(ctx.env));
    const { openStore, breakerFor } = await import('../breakers.js');
    mkdirSync(dir, { recursive: true, mode: 0o700 }); // sync: one syscall when it exists
    const store = openStore(dir, {
      onRecover: (e) =>
        ctx.stderr.write(
          `guardrails: the state file ${e.path} was corrupt: moved it aside to ${e.movedTo}${e.restoredFrom ? ` and restored ${e.restoredFrom === 'backup' ? 'the last good copy' : 'the defaults'}` : ''}\n`,
        ),
    });
    // the log (and the node:fs/promises it uses) is loaded only when the state changes
    const onEvent = (event: BreakerEvent) => {
      pending.push(
        import('../transition-log.js').then(({ appendTransition }) =>
          appendTransition(dir, { ...event, hook: name }),
        ),
      );
    };
    const breaker = breakerFor(store, name, settings, { clock: { now: ctx.now }, onEvent });
    const decision = await breaker.acquire();
    if (!decision.allowed) {
      await settle(pending, ctx);
      const { skipMessage, skipHookJson, blockMessage } = await import('../hook-output.js');
      const message = skipMessage(name, decision, ctx.now());
      if (settings.onOpen === 'block') {
        ctx.stderr.write(blockMessage(message));
        return 2;
      }
      ctx.stdout.write(skipHookJson(message));
      return 0;
    }
    permit = decision;
  } catch (error) {
    await settle(pending, ctx);
    return unguarded(describe(error));
  }

  // its stderr is teed (to record the last line) only while the hook is failing: a healthy
  // hook's stderr goes straight through, sparing every run a pipe (about 2-3 ms)
  const result = await execute(args.command, ctx, timeoutMs, permit.trial || permit.consecutiveFailures > 0);
  try {
    const durationMs = result.durationMs;
    if (result.outcome.kind === 'exit' && result.outcome.code === 0) await permit.success({ durationMs });
    else if (result.outcome.kind === 'exit' && result.outcome.code === 2) await permit.ignore();
    else await permit.failure(lastError(result), { durationMs });
  } catch (error) {
    // the command ran (admitted without a state change, e.g. closed) but its outcome is lost
    ctx.stderr.write(
      `guardrails: ran ${name} unguarded: its result could not be recorded: ${describe(error)}\n`,
    );
  }
  await settle(pending, ctx);
  return result.exitCode;
}

async function execute(
  command: string[],
  ctx: CommandContext,
  timeoutMs: number,
  captureStderr = false,
): Promise<RunResult> {
  // loaded only to run something (a healthy hook's run does not load node:child_process either)
  const { runCommand } = await import('../runner.js');
  const own = ctx.ownStdio === true;
  const result = await runCommand({
    argv: command,
    timeoutMs,
    env: ctx.env,
    cwd: ctx.cwd,
    stdin: own ? 'inherit' : ctx.stdin,
    stdout: own ? 'inherit' : ctx.stdout,
    stderr: own && !captureStderr ? 'inherit' : () => ctx.stderr,
    spawner: ctx.env.GUARDRAILS_SPAWN === 'child_process' ? 'child_process' : 'auto',
  });
  // a command that never started wrote nothing: say why, as a shell would
  const kind = result.outcome.kind;
  if (kind === 'not-found' || kind === 'spawn-error') ctx.stderr.write(`guardrails: ${lastError(result)}\n`);
  return result;
}

/** The `last_error` text of a failed run. */
export function lastError(result: RunResult): string {
  const { outcome, lastStderrLine } = result;
  switch (outcome.kind) {
    case 'exit':
      return lastStderrLine ? `exit ${outcome.code}: ${lastStderrLine}` : `exit ${outcome.code}`;
    case 'signal':
      return `killed by ${outcome.signal}`;
    case 'timeout':
      return `timed out after ${outcome.seconds}s`;
    case 'not-found':
      return `command not found: ${outcome.command}`;
    case 'spawn-error':
      return `could not start: ${outcome.error.code ?? outcome.error.message}`;
  }
}

async function settle(pending: Promise<void>[], ctx: CommandContext): Promise<void> {
  const results = await Promise.allSettled(pending);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed)
    ctx.stderr.write(`guardrails: could not write the transition log: ${describe(failed.reason)}\n`);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
