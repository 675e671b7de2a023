import { EXIT, parseFlags, runCommand } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import { planInstall } from '../hook-plan.js';
import { readSettings } from '../settings-file.js';
import { chooseBin, settingsPath, TARGET_OPTIONS } from '../settings-target.js';
import { commitText, hookLabel, printDryRun, printWarnings } from '../settings-write.js';
import { shellWord } from '../wrap-command.js';

export const help = `Usage: guardrails install [--settings PATH | --user | --local] [--dry-run] [--bin CMD] [--create]

Wraps every command hook of a Claude Code settings.json in guardrails run:
  "command": "npm run lint"
becomes
  "command": "guardrails run --name lint --timeout 27 -- 'npm run lint'"
The original command is kept as one single-quoted shell word, so it runs exactly
as before (run hands it to /bin/sh -c) and uninstall restores it byte for byte.
Only those strings change: other keys, hooks of other types (prompt, agent,
http), key order and formatting stay as they are. Already-wrapped commands are
left alone (running install twice changes nothing). Names come from the command
(lint.sh -> lint), unique in the file (lint, lint-2); --timeout is set a little
below the hook's own timeout (Claude's default: 600 s) so guardrails records a
timeout before Claude Code kills it.

The file is backed up to <file>.guardrails-backup-<time> and replaced atomically.

Options:
  --settings PATH  the settings file to edit
  --user           ~/.claude/settings.json
  --local          <project>/.claude/settings.local.json
                   (default: <project>/.claude/settings.json; project = $CLAUDE_PROJECT_DIR or cwd)
  --dry-run        print the diff, write nothing
  --bin CMD        how the hooks invoke guardrails (default: guardrails when on PATH,
                   else node '<absolute path of this cli>')
  --create         start an empty settings file when there is none

Exit codes: 0 ok, 1 failed (missing or invalid file, or the file was edited by
someone else while this ran; nothing written), 64 usage.
`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('install', ctx, async () => {
    const { values } = parseFlags(argv, {
      ...TARGET_OPTIONS,
      bin: { type: 'string' },
      create: { type: 'boolean' },
    });
    const path = settingsPath(values, ctx.env, ctx.cwd);
    const doc = await readSettings(path, { create: values.create === true });
    const choice = chooseBin(values.bin, ctx.env, process.argv[1] ?? 'guardrails');
    const plan = planInstall(doc, { bin: choice.bin });
    printWarnings(ctx, doc);
    ctx.stdout.write(`Invoking guardrails as: ${choice.bin} (${choice.why})\n`);
    if (values['dry-run']) {
      printDryRun(ctx, doc, plan, 'wrap');
      return EXIT.ok;
    }
    const kept = plan.kept.length;
    const others = doc.otherHooks ? `; ${doc.otherHooks} hook(s) of other types left as they are` : '';
    if (plan.changes.length === 0) {
      if (!doc.exists) {
        await commitText(doc, '{}\n', ctx.now(), 'install');
        ctx.stdout.write(`Created ${path} (no hooks in it yet).\n`);
        return EXIT.ok;
      }
      const none = doc.commands.length === 0 ? 'no command hooks' : `all ${kept} already wrapped`;
      ctx.stdout.write(`Nothing to wrap in ${path}: ${none}${others}. Nothing written.\n`);
      return EXIT.ok;
    }
    const { backup } = await commitText(doc, plan.text, ctx.now(), 'install');
    ctx.stdout.write(`Wrapped ${plan.changes.length} hook command(s) in ${path}:\n`);
    for (const c of plan.changes) {
      ctx.stdout.write(`  ${c.name.padEnd(16)} ${hookLabel(c.hook.event, c.hook.matcher)}: ${c.before}\n`);
    }
    if (kept) ctx.stdout.write(`Left ${kept} command(s) that already run through guardrails${others}.\n`);
    else if (others) ctx.stdout.write(`${others.slice(2)}.\n`);
    if (backup) ctx.stdout.write(`Backup: ${backup}\n`);
    ctx.stdout.write(`Undo: ${choice.bin} uninstall --settings ${shellWord(path)}\n`);
    return EXIT.ok;
  });
}
