/** `steadystate <command>`: the command table, usage text and dispatch. */
import { version } from '../package.json';
import { EXIT } from './cli-errors.js';
import type { CommandContext } from './context.js';
import { splitLeadingGlobals } from './flags.js';
import { EXIT_CODES, GLOBAL_HELP } from './help-text.js';

/** What each `src/commands/<name>.ts` exports. */
export interface CommandModule {
  main(argv: string[], ctx: CommandContext): Promise<number>;
  help: string;
}

type Entry = { summary: string; load: () => Promise<CommandModule> };

/** Every command, loaded only when used. */
export const COMMANDS: Record<string, Entry> = {
  init: {
    summary: 'create the store (folder, database or connection check)',
    load: () => import('./commands/init.js'),
  },
  save: {
    summary: 'save KEY VALUE, or --key KEY --value VALUE (JSON; a bare word is a string)',
    load: () => import('./commands/save.js'),
  },
  load: { summary: 'print the value of KEY (or --key KEY)', load: () => import('./commands/load.js') },
  delete: { summary: 'delete KEY (or --key KEY)', load: () => import('./commands/delete.js') },
  keys: { summary: 'list the keys of the namespace', load: () => import('./commands/keys.js') },
  checkpoint: {
    summary: 'snapshot every key as checkpoint [NAME] (or --name NAME; default cp-<ISO time>) [--notes TEXT]',
    load: () => import('./commands/checkpoint.js'),
  },
  checkpoints: {
    summary: 'list the checkpoints, oldest first',
    load: () => import('./commands/checkpoints.js'),
  },
  restore: {
    summary: 'put every key back as it was at checkpoint NAME (--checkpoint NAME, --latest)',
    load: () => import('./commands/restore.js'),
  },
  pin: { summary: 'keep checkpoint NAME whatever prune says', load: () => import('./commands/pin.js') },
  unpin: {
    summary: 'let prune decide about checkpoint NAME again',
    load: () => import('./commands/unpin.js'),
  },
  prune: {
    summary: 'delete checkpoints no --keep-* rule keeps [--dry-run]',
    load: () => import('./commands/prune.js'),
  },
  copy: {
    summary: 'copy a namespace: --from SPEC --to SPEC (verified)',
    load: () => import('./commands/copy.js'),
  },
  migrate: {
    summary: "the same as copy, under seed 004's name: migrate --from json --to sqlite",
    load: () => import('./commands/migrate.js'),
  },
  heartbeat: {
    summary: 'record that [SESSION] is alive [--status active|paused|completed|error]',
    load: () => import('./commands/heartbeat.js'),
  },
  session: {
    summary: "[SESSION]'s last heartbeat: status, time, age, whether its last run needs recovery",
    load: () => import('./commands/session.js'),
  },
  stale: {
    summary: 'exit 0 if [SESSION] has no heartbeat within [MAXAGE] (default 10m), 2 if fresh',
    load: () => import('./commands/stale.js'),
  },
  batch: {
    summary: 'resumable work lists: create, next, done, fail, status',
    load: () => import('./commands/batch.js'),
  },
};

/** `steadystate --help`. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `steadystate ${version}: workflow state with checkpoints on JSON files, SQLite or Redis

Usage: steadystate [global options] <command> [args] [global options]
       steadystate <command> --help

Commands:
${lines.join('\n')}

${GLOBAL_HELP}

${EXIT_CODES}
`;
}

/** Dispatches `argv` (without node and the script) to a command; returns the exit code. */
export async function dispatch(argv: string[], ctx: CommandContext): Promise<number> {
  const { globals, command: first, rest, missingValue } = splitLeadingGlobals(argv);
  if (missingValue) {
    ctx.stderr.write(
      `steadystate: expected a value after ${missingValue}, found nothing (see: steadystate --help)\n`,
    );
    return EXIT.usage;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic && Object.hasOwn(COMMANDS, topic)) {
      ctx.stdout.write((await (COMMANDS[topic] as Entry).load()).help);
      return EXIT.ok;
    }
    (first === undefined ? ctx.stderr : ctx.stdout).write(usage());
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '--version' || first === '-v' || first === '-V') {
    ctx.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    const what = first.startsWith('-')
      ? `option ${JSON.stringify(first)} before the command`
      : `command ${JSON.stringify(first)}`;
    ctx.stderr.write(
      `steadystate: expected a command (${Object.keys(COMMANDS).join(', ')}), found unknown ${what} (see: steadystate --help)\n`,
    );
    return EXIT.usage;
  }
  const mod = await command.load();
  const dashdash = rest.indexOf('--');
  const own = dashdash === -1 ? rest : rest.slice(0, dashdash);
  if (own.includes('--help') || own.includes('-h')) {
    ctx.stdout.write(mod.help);
    return EXIT.ok;
  }
  return mod.main([...globals, ...rest], ctx);
}
