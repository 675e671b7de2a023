/** `guardrails <command>`: the command table, usage text and dispatch. */
import { version } from '../package.json';
import type { CommandContext } from './context.js';
import { asksForHelp } from './help-flag.js';

/** What each `src/commands/<name>.ts` exports. */
export interface CommandModule {
  main(argv: string[], ctx: CommandContext): Promise<number>;
  help: string;
  /** Whether `argv` asks for the command's help, when that is not {@link asksForHelp}'s rule (run). */
  asksForHelp?: (argv: string[]) => boolean;
}

/** Every command, loaded only when used (the `run` path loads nothing else). */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  run: { summary: 'run a hook command under its circuit breaker', load: () => import('./commands/run.js') },
  status: { summary: 'show every breaker (--json for scripts)', load: () => import('./commands/status.js') },
  reset: { summary: 'close a breaker again (NAME or --all)', load: () => import('./commands/reset.js') },
  disable: {
    summary: 'stop guarding a hook: it always runs, results only recorded',
    load: () => import('./commands/disable.js'),
  },
  enable: { summary: 'guard a disabled hook again', load: () => import('./commands/enable.js') },
  open: {
    summary: 'pause a hook by hand (forced open) [--for SEC] [--reason TEXT]',
    load: () => import('./commands/open.js'),
  },
  'half-open': {
    summary: 'test recovery by hand: an open hook turns half-open, its next run is the trial',
    load: () => import('./commands/half-open.js'),
  },
  log: { summary: 'show the transition log', load: () => import('./commands/log.js') },
  config: {
    summary: 'show the effective config and where each value comes from',
    load: () => import('./commands/config.js'),
  },
  install: {
    summary: 'wrap the hook commands of a settings.json in guardrails run',
    load: () => import('./commands/install.js'),
  },
  uninstall: { summary: 'unwrap them again', load: () => import('./commands/uninstall.js') },
  import: {
    summary: "import seed 000's ~/.claude/hook_state.json",
    load: () => import('./commands/import.js'),
  },
  demo: {
    summary: 'watch a flaky hook trip, skip, recover and close (throwaway state)',
    load: () => import('./commands/demo.js'),
  },
};

/** Exit codes shared by every command. */
export const EXIT_CODES = `Exit codes:
  0    ok (run: the command's 0, or skipped while its breaker is open)
  2    blocked (run: the command's deliberate block, or --on-open block while open)
  64   usage error (unknown command or flag)
  124  run: the command timed out (its process group was killed)
  127  run: the command was not found
  other run: the command's own exit code`;

/** `guardrails --help`. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `guardrails ${version}: Claude Code hooks under a persisted circuit breaker

Usage: guardrails <command> [options]
       guardrails <command> --help

Commands:
${lines.join('\n')}

In a settings.json hook:  "command": "guardrails run -- node .claude/hooks/lint.mjs"

${EXIT_CODES}
`;
}

/** Dispatches `argv` (without node and the script) to a command; returns the exit code. */
export async function dispatch(argv: string[], ctx: CommandContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' && rest[0] !== '--help' && rest[0] !== '-h' ? rest[0] : undefined;
    if (topic !== undefined) {
      const command = Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined;
      if (!command) return unknownCommand(topic, ctx);
      ctx.stdout.write((await command.load()).help);
      return 0;
    }
    (first === undefined ? ctx.stderr : ctx.stdout).write(usage());
    return first === undefined ? 64 : 0;
  }
  if (first === '--version' || first === '-v' || first === '-V') {
    ctx.stdout.write(`${version}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) return unknownCommand(first, ctx);
  const mod = await command.load();
  if ((mod.asksForHelp ?? asksForHelp)(rest)) {
    ctx.stdout.write(mod.help);
    return 0;
  }
  return mod.main(rest, ctx);
}

function unknownCommand(name: string, ctx: CommandContext): number {
  ctx.stderr.write(
    `guardrails: unknown command "${name}": expected one of ${Object.keys(COMMANDS).join(', ')}\n\n${usage()}`,
  );
  return 64;
}
