/**
 * `guardrails install` on a Claude Code settings.json: every command hook gets wrapped in
 * `guardrails run` (its own breaker, a timeout just under the hook's), every other byte stays,
 * and `guardrails uninstall` gives back the original file exactly.
 *
 * Copy into your project, then: npm install --save-dev @steadystate/guardrails
 * Run: npx tsx install-into-settings.ts   (works on a copy in a temp folder)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function guardrailsBin(): string {
  const pkgPath = createRequire(import.meta.url).resolve('@steadystate/guardrails/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: { guardrails: string } };
  return join(dirname(pkgPath), pkg.bin.guardrails);
}

const settings = {
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    PostToolUse: [
      {
        matcher: 'Edit|Write',
        hooks: [{ type: 'command', command: 'npx eslint --fix "$CLAUDE_FILE_PATHS"', timeout: 30 }],
      },
    ],
    Stop: [{ hooks: [{ type: 'command', command: 'node .claude/hooks/stop-check.mjs' }] }],
  },
};

export async function main() {
  const project = mkdtempSync(join(tmpdir(), 'install-into-settings-'));
  mkdirSync(join(project, '.claude'));
  const file = join(project, '.claude', 'settings.json');
  const original = `${JSON.stringify(settings, null, 2)}\n`;
  writeFileSync(file, original);
  const env = { ...process.env, HOME: project, CLAUDE_PROJECT_DIR: project };
  const guardrails = (args: string[]) => {
    const r = spawnSync(process.execPath, [guardrailsBin(), ...args], {
      env,
      cwd: project,
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  try {
    const dry = guardrails(['install', '--dry-run', '--bin', 'guardrails']);
    const added = dry.stdout.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    const untouched = readFileSync(file, 'utf8') === original;
    console.log(
      `dry run (exit ${dry.code}): ${added.length} line(s) would change; file untouched: ${untouched}`,
    );

    const install = guardrails(['install', '--bin', 'guardrails']);
    const wrapped = JSON.parse(readFileSync(file, 'utf8')) as typeof settings;
    const commands = [
      wrapped.hooks.PostToolUse[0]!.hooks[0]!.command,
      wrapped.hooks.Stop[0]!.hooks[0]!.command,
    ];
    for (const c of commands) console.log(`  ${c}`);
    const backups = readdirSync(join(project, '.claude')).filter((f) => f.includes('guardrails-backup'));

    const again = guardrails(['install', '--bin', 'guardrails']); // idempotent
    const unchangedByAgain =
      JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) === JSON.stringify(wrapped);

    const uninstall = guardrails(['uninstall', '--bin', 'guardrails']);
    const restored = readFileSync(file, 'utf8') === original;
    console.log(`uninstall (exit ${uninstall.code}) restored the file byte for byte: ${restored}`);
    return {
      dryRunCode: dry.code,
      dryRunAdded: added.length,
      dryRunUntouched: untouched,
      installCode: install.code,
      commands,
      permissionsKept: JSON.stringify(wrapped.permissions) === JSON.stringify(settings.permissions),
      backups: backups.length,
      againCode: again.code,
      unchangedByAgain,
      restored,
    };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
