/** What the management commands share: the state store, hook names, logged manual transitions. */
import type { BreakerEvent, CircuitBreaker, FileStore } from '@steadystate/circuit-breaker';
import { breakerFor, openStore } from './breakers.js';
import { DEFAULT_SETTINGS, loadConfig, settingsFor } from './config.js';
import type { CommandContext } from './context.js';
import { homeDir, resolveStateDir, type StateDirSource, statePath } from './paths.js';
import { readSettings } from './settings-file.js';
import { settingsFilesOf } from './settings-target.js';
import { appendTransition } from './transition-log.js';
import { parseWrapped } from './wrap-command.js';

/** The state directory of this environment and its store. */
export interface StateAccess {
  dir: string;
  source: StateDirSource;
  /** `<dir>/state.json` */
  file: string;
  store: FileStore;
}

/** Opens the store of the state directory the environment points to. */
export function openState(ctx: CommandContext): StateAccess {
  const { dir, source } = resolveStateDir(ctx.env, homeDir(ctx.env));
  return { dir, source, file: statePath(dir), store: openStore(dir) };
}

/** A hook name that is not in the state, the config or an installed settings file. */
export class UnknownHookError extends Error {
  readonly code = 'EUNKNOWNHOOK' as const;
  constructor(
    readonly hook: string,
    readonly known: readonly string[],
  ) {
    const list = known.length ? `one of: ${known.join(', ')}` : 'a known hook, but none is recorded yet';
    super(`guardrails: expected ${list}; found "${hook}"`);
    this.name = 'UnknownHookError';
  }
}

/** Wrapped commands found in the settings files a project sees: inner command -> name. */
export async function installedHooks(ctx: CommandContext): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const file of settingsFilesOf(ctx.env, ctx.cwd)) {
    try {
      const doc = await readSettings(file);
      for (const hook of doc.commands) {
        const wrapped = parseWrapped(hook.command);
        if (wrapped && !names.has(wrapped.command)) names.set(wrapped.command, wrapped.name);
      }
    } catch {
      // a missing or broken settings file only means fewer known names
    }
  }
  return names;
}

/** Every hook name guardrails knows: in the state, configured, or installed; sorted. */
export async function knownHookNames(ctx: CommandContext, state: StateAccess): Promise<string[]> {
  const names = new Set((await state.store.list()).map(([name]) => name));
  try {
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd });
    for (const name of Object.keys(config.hooks)) names.add(name);
  } catch {
    // an invalid config is reported by `guardrails config`
  }
  for (const name of (await installedHooks(ctx)).values()) names.add(name);
  return [...names].sort();
}

/** Throws {@link UnknownHookError} unless `name` is known. */
export async function requireKnownHook(ctx: CommandContext, state: StateAccess, name: string): Promise<void> {
  const known = await knownHookNames(ctx, state);
  if (!known.includes(name)) throw new UnknownHookError(name, known);
}

/**
 * Runs `fn` with the breaker of `name`, then appends the transitions it caused to
 * the log (with `reason`, e.g. `manual reset`). An invalid config falls back to
 * the defaults: a manual command must work even then.
 */
export async function withBreaker<T>(
  ctx: CommandContext,
  state: StateAccess,
  name: string,
  fn: (breaker: CircuitBreaker) => Promise<T>,
): Promise<{ result: T; events: BreakerEvent[] }> {
  let settings = { ...DEFAULT_SETTINGS };
  try {
    settings = settingsFor(await loadConfig({ env: ctx.env, cwd: ctx.cwd }), name);
  } catch {
    // defaults
  }
  const events: BreakerEvent[] = [];
  const breaker = breakerFor(state.store, name, settings, {
    clock: { now: ctx.now },
    onEvent: (event) => events.push(event),
  });
  const result = await fn(breaker);
  for (const event of events) {
    try {
      await appendTransition(state.dir, { ...event, hook: name });
    } catch (error) {
      ctx.stderr.write(
        `guardrails: note: could not append to the transition log: ${(error as Error).message}\n`,
      );
    }
  }
  return { result, events };
}
