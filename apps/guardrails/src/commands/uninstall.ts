import { EXIT, parseFlags, runCommand } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import { planUninstall } from '../hook-plan.js';
import { readSettings } from '../settings-file.js';
import { settingsPath, TARGET_OPTIONS } from '../settings-target.js';
import { commitText, hookLabel, printDryRun, printWarnings } from '../settings-write.js';

export const help = `Usage: guardrails uninstall [--settings PATH | --user | --local] [--dry-run] [--bin CMD]

Restores every command that install wrapped in guardrails run to the plain
command, exactly as it was. A hand-written "guardrails run ... -- cmd args" is
restored to "cmd args". Nothing else in the file changes. The file is backed up
to <file>.guardrails-backup-<time> and replaced atomically.

Options:
  --settings PATH  the settings file to edit
  --user           ~/.claude/settings.json
  --local          <project>/.claude/settings.local.json
                   (default: <project>/.claude/settings.json; project = $CLAUDE_PROJECT_DIR or cwd)
  --dry-run        print the diff, write nothing
  --bin CMD        also recognise commands wrapped with this custom --bin

Exit codes: 0 ok, 1 failed (missing or invalid file, or the file was edited by
someone else while this ran; nothing written), 64 usage.
`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('uninstall', ctx, async () => {
    const { values } = parseFlags(argv, { ...TARGET_OPTIONS, bin: { type: 'string' } });
    const path = settingsPath(values, ctx.env, ctx.cwd);
    const doc = await readSettings(path);
    const plan = planUninstall(doc, { knownBins: values.bin ? [values.bin.trim()] : [] });
    printWarnings(ctx, doc);
    for (const k of plan.kept) {
      ctx.stderr.write(`guardrails: note: ${k.hook.location} left as it is: ${k.why}\n`);
    }
    if (values['dry-run']) {
      printDryRun(ctx, doc, plan, 'restore');
      return EXIT.ok;
    }
    if (plan.changes.length === 0) {
      ctx.stdout.write(
        `Nothing to restore in ${path}: no command runs through guardrails. Nothing written.\n`,
      );
      return EXIT.ok;
    }
    const { backup } = await commitText(doc, plan.text, ctx.now(), 'uninstall');
    ctx.stdout.write(`Restored ${plan.changes.length} hook command(s) in ${path}:\n`);
    for (const c of plan.changes) {
      const name = c.name || '-';
      ctx.stdout.write(`  ${name.padEnd(16)} ${hookLabel(c.hook.event, c.hook.matcher)}: ${c.after}\n`);
    }
    if (backup) ctx.stdout.write(`Backup: ${backup}\n`);
    return EXIT.ok;
  });
}
