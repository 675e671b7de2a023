/** Writing an edited settings.json: backup first, then one atomic replace. */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@steadystate/atomic-write';
import type { CommandContext } from './context.js';
import type { HookPlan } from './hook-plan.js';
import { unifiedDiff } from './settings-diff.js';
import { backupSettings, type SettingsDocument } from './settings-file.js';

/** What {@link commitPlan} did. */
export interface CommitResult {
  /** The backup of the previous file; undefined when the file did not exist. */
  backup: string | undefined;
}

/** The settings file was edited by someone else between the read and the write: nothing written. */
export class SettingsChangedError extends Error {
  readonly code = 'ESETTINGSCHANGED' as const;
  constructor(
    readonly path: string,
    command: string,
  ) {
    super(
      `guardrails: expected ${path} unchanged since it was read, found it edited meanwhile; nothing was written, run ${command} again`,
    );
    this.name = 'SettingsChangedError';
  }
}

/** The file's text now, or undefined when it does not exist. */
async function currentText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes `text` to the settings file: a byte copy of the current file goes to
 * `<file>.guardrails-backup-<time>` first, then the new text replaces the file
 * atomically (Claude Code never sees a half-written file; the mode is kept).
 * Right before the replace the file is read again: when it no longer holds the text
 * the edit was planned from (another process edited, created or removed it), nothing
 * is written and {@link SettingsChangedError} is thrown, so that edit is not lost.
 */
export async function commitText(
  doc: SettingsDocument,
  text: string,
  now: number,
  command: 'install' | 'uninstall',
): Promise<CommitResult> {
  if (!doc.exists) await mkdir(dirname(doc.path), { recursive: true });
  const backup = doc.exists ? await backupSettings(doc.path, now) : undefined;
  const found = await currentText(doc.path);
  if (doc.exists ? found !== doc.text : found !== undefined)
    throw new SettingsChangedError(doc.path, command);
  await writeFileAtomic(doc.path, text);
  return { backup };
}

/** Prints a plan as a dry run: the diff, or a line saying nothing would change. */
export function printDryRun(ctx: CommandContext, doc: SettingsDocument, plan: HookPlan, verb: string): void {
  const diff = unifiedDiff(doc.path, doc.text, plan.edits);
  if (diff === '') {
    ctx.stdout.write(`Dry run: nothing to ${verb} in ${doc.path}; nothing written.\n`);
    return;
  }
  ctx.stdout.write(diff);
  const n = plan.changes.length;
  ctx.stdout.write(`Dry run: would ${verb} ${n} hook command${n === 1 ? '' : 's'}; nothing written.\n`);
}

/** `PreToolUse [Edit|Write]` */
export function hookLabel(event: string, matcher: string | undefined): string {
  return matcher === undefined || matcher === '' ? event : `${event} [${matcher}]`;
}

/** Prints the warnings about parts of the file left as they are. */
export function printWarnings(ctx: CommandContext, doc: SettingsDocument): void {
  for (const warning of doc.warnings) ctx.stderr.write(`guardrails: note: ${warning}\n`);
}
