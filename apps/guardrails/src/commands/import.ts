import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { snapshotOf } from '@steadystate/circuit-breaker';
import { EXIT, parseFlags, runCommand } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import { formatRetry, truncate } from '../format.js';
import { deriveHookName } from '../hook-name.js';
import { readLegacyRecords } from '../legacy-state.js';
import { homeDir, legacyStatePath } from '../paths.js';
import { installedHooks, openState } from '../state-access.js';

export const help = `Usage: guardrails import [--from PATH] [--overwrite] [--dry-run]

Imports the state of the older Python guardrails tool (~/.claude/hook_state.json,
no schemaVersion) into the guardrails state: each hook keeps its state (an open
hook stays open until its retry_after, else disabled_at + 300 s, else 300 s from
now) and its counters (one above 2^53 - 1 is held there). Each value replaced so
is reported on stderr. The legacy file is only read, never changed.

The legacy file keys hooks by their command; each gets the name that
guardrails install gave that command in your settings files, else one derived
from the command (lint.sh -> lint). Hooks already in the guardrails state are
left as they are unless --overwrite.

Options:
  --from PATH   the legacy file (default: ~/.claude/hook_state.json)
  --overwrite   replace hooks that are already in the guardrails state
  --dry-run     show what would be imported, change nothing

Exit codes: 0 ok, 1 the legacy file is missing or not a legacy state file, 64 usage.
`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('import', ctx, async () => {
    const { values } = parseFlags(argv, {
      from: { type: 'string' },
      overwrite: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    });
    const path =
      values.from === undefined ? legacyStatePath(homeDir(ctx.env)) : resolve(ctx.cwd, values.from);
    try {
      await access(path);
    } catch {
      ctx.stderr.write(`guardrails: expected a legacy state file at ${path}, found none (use --from PATH)\n`);
      return EXIT.failed;
    }
    const now = ctx.now();
    const records = await readLegacyRecords(path, now);
    if (records.length === 0) {
      ctx.stdout.write(`No hooks in ${path}; nothing imported.\n`);
      return EXIT.ok;
    }
    const installed = await installedHooks(ctx);
    const state = openState(ctx);
    const taken = new Set<string>();
    const dry = values['dry-run'] === true;
    const counts = { imported: 0, replaced: 0, skipped: 0 };
    ctx.stdout.write(
      `${dry ? 'Dry run: would import' : 'Importing'} ${records.length} hook(s) from ${path}:\n`,
    );
    for (const { command, record, replaced } of records) {
      let name = installed.get(command) ?? deriveHookName([command]);
      const base = name;
      for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
      taken.add(name);
      const outcome = dry
        ? (await state.store.get(name)) && !values.overwrite
          ? 'skipped'
          : 'imported'
        : await state.store.update(name, (current) => {
            if (current && !values.overwrite) return { record: current, result: 'skipped' as const };
            return { record, result: current ? ('replaced' as const) : ('imported' as const) };
          });
      counts[outcome]++;
      const snap = snapshotOf(name, record, now);
      const detail =
        outcome === 'skipped'
          ? 'already in the guardrails state; left as it is (--overwrite replaces it)'
          : `${snap.status.replace('_', '-')}, ${snap.failureCount} failure(s)${snap.status === 'open' ? `, retry ${formatRetry(snap.retryAt, now)}` : ''}`;
      ctx.stdout.write(
        `  ${outcome.padEnd(8)} ${name.padEnd(16)} <- ${truncate(command, 60)}  (${detail})\n`,
      );
      if (outcome !== 'skipped') {
        for (const field of replaced) ctx.stderr.write(`guardrails: import ${name}: ${field}\n`);
      }
    }
    const summary = `${counts.imported} imported, ${counts.replaced} replaced, ${counts.skipped} skipped`;
    ctx.stdout.write(
      dry
        ? `Dry run: ${summary}; nothing changed.\n`
        : `${summary} into ${state.file}. ${path} was left as it is.\n`,
    );
    return EXIT.ok;
  });
}
