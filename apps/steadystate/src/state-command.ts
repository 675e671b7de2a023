/** The shape of most commands: parse flags, resolve the target, open its manager, run, close. */
import type { ParseArgsConfig } from 'node:util';
import type { StateManager } from '@steadystate/checkpoint';
import type { CommandContext } from './context.js';
import { type ParsedFlags, parseFlags } from './flags.js';
import { type OpenOptions, withManager } from './open-manager.js';
import { runCommand } from './run-command.js';
import { resolveTarget, type Target } from './target.js';

/** For a command that only reads, or fails on what is not there: a missing store is empty, not created. */
export const MISSING_IS_EMPTY: OpenOptions = { missingIsEmpty: true };

type Options = NonNullable<ParseArgsConfig['options']>;

/** What a command body gets. */
export interface StateCall<O extends Options> {
  values: ParsedFlags<O>['values'];
  positionals: string[];
  target: Target;
  /**
   * Opens the target's manager for `fn` (after the arguments are checked) and closes it.
   * With `missingIsEmpty`, a missing json folder or SQLite file is an empty store, not created.
   */
  open<T>(fn: (manager: StateManager) => Promise<T>, opts?: OpenOptions): Promise<T>;
}

/** Runs a command that works on the state of the global target. */
export function stateCommand<O extends Options>(
  name: string,
  argv: string[],
  ctx: CommandContext,
  options: O,
  body: (call: StateCall<O>) => Promise<number>,
): Promise<number> {
  return runCommand(name, ctx, async () => {
    const { values, positionals } = parseFlags(argv, options);
    const target = resolveTarget(values, ctx.env);
    return body({ values, positionals, target, open: (fn, opts) => withManager(target, ctx.cwd, fn, opts) });
  });
}
