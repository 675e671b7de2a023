/**
 * What install and uninstall change in a settings file: one text edit per command
 * hook, computed before anything is written (so --dry-run shows exactly that).
 */
import { deriveHookName } from './hook-name.js';
import { applyEdits, type TextEdit } from './json-tree.js';
import type { CommandHook, SettingsDocument } from './settings-file.js';
import { isGuardrailsRun, parseWrapped, runTimeoutFor, unwrapCommand, wrapCommand } from './wrap-command.js';

/** One command changed. */
export interface HookChange {
  hook: CommandHook;
  /** The breaker name the wrapped command uses. */
  name: string;
  before: string;
  after: string;
}

/** The edits of one install or uninstall. */
export interface HookPlan {
  changes: HookChange[];
  /** Commands left as they are, with why. */
  kept: Array<{ hook: CommandHook; name: string | undefined; why: string }>;
  edits: TextEdit[];
  /** The file's text after the edits. */
  text: string;
}

/** Options of {@link planInstall}. */
export interface InstallPlanOptions {
  /** How the wrapped commands invoke guardrails (shell text). */
  bin: string;
  /** Extra bins to recognise as guardrails in already-wrapped commands. @default [bin] */
  knownBins?: readonly string[];
}

/**
 * Wraps every command hook not already run through guardrails. Names come from
 * {@link deriveHookName} on the command, unique in the file (`lint`, `lint-2`, ...);
 * the same command string gets the same name (one breaker). Already-wrapped
 * commands keep their names.
 */
export function planInstall(doc: SettingsDocument, opts: InstallPlanOptions): HookPlan {
  const known = opts.knownBins ?? [opts.bin];
  const byCommand = new Map<string, string>();
  const taken = new Set<string>();
  const kept: HookPlan['kept'] = [];
  const pending: CommandHook[] = [];
  for (const hook of doc.commands) {
    const wrapped = parseWrapped(hook.command, known);
    if (wrapped) {
      taken.add(wrapped.name);
      if (!byCommand.has(wrapped.command)) byCommand.set(wrapped.command, wrapped.name);
      kept.push({ hook, name: wrapped.name, why: 'already wrapped' });
    } else if (isHandWrapped(hook.command, known)) {
      kept.push({ hook, name: undefined, why: 'already runs through guardrails' });
    } else pending.push(hook);
  }
  const changes: HookChange[] = [];
  for (const hook of pending) {
    let name = byCommand.get(hook.command);
    if (name === undefined) {
      const base = deriveHookName([hook.command]);
      name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
      taken.add(name);
      byCommand.set(hook.command, name);
    }
    const after = wrapCommand({
      bin: opts.bin,
      name,
      timeoutSec: runTimeoutFor(hook.timeout),
      command: hook.command,
    });
    changes.push({ hook, name, before: hook.command, after });
  }
  return finish(doc, changes, kept);
}

/** Runs guardrails, in a form install did not write (or with a bin it does not know). */
function isHandWrapped(command: string, known: readonly string[]): boolean {
  return isGuardrailsRun(command, known) || /\bguardrails\S*["']?\s+run\b/.test(command);
}

/** Restores every command wrapped by guardrails to the command inside. */
export function planUninstall(doc: SettingsDocument, opts: { knownBins?: readonly string[] } = {}): HookPlan {
  const known = opts.knownBins ?? [];
  const changes: HookChange[] = [];
  const kept: HookPlan['kept'] = [];
  for (const hook of doc.commands) {
    const wrapped = parseWrapped(hook.command, known);
    const inner = wrapped?.command ?? unwrapCommand(hook.command, known);
    if (inner !== undefined) {
      changes.push({ hook, name: wrapped?.name ?? '', before: hook.command, after: inner });
    } else if (isHandWrapped(hook.command, known)) {
      kept.push({ hook, name: undefined, why: 'runs guardrails but has no " -- <command>" to restore' });
    }
  }
  return finish(doc, changes, kept);
}

function finish(doc: SettingsDocument, changes: HookChange[], kept: HookPlan['kept']): HookPlan {
  const edits = changes.map((c) => ({
    start: c.hook.start,
    end: c.hook.end,
    replacement: JSON.stringify(c.after),
  }));
  return { changes, kept, edits, text: applyEdits(doc.text, edits) };
}
