/**
 * The `steadystate` CLI from a script: init, save, load, checkpoint, restore, a revision
 * conflict (exit 3), a missing key (exit 4) and `--json` output, in a throwaway folder.
 * The same commands work in a shell script or a Claude Code hook.
 *
 * Copy into your project, then: npm install --save-dev @steadystate/cli
 * Run: npx tsx cli-session.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The installed bin (after `npm install -g @steadystate/cli`, just "steadystate"). */
function steadystateBin(): string {
  const pkgPath = createRequire(import.meta.url).resolve('@steadystate/cli/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: { steadystate: string } };
  return join(dirname(pkgPath), pkg.bin.steadystate);
}

export async function main() {
  const cwd = mkdtempSync(join(tmpdir(), 'cli-session-'));
  const bin = steadystateBin();
  const env = { ...process.env, STEADYSTATE_NAMESPACE: 'workflow-123' };
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
    return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
  };
  try {
    const steps = {
      init: run('init').code,
      save: run('save', 'current_phase', 'planning').code,
      saveList: run('save', 'completed_tasks', '["scout"]').code,
      checkpoint: run('checkpoint', 'after_scouting').code,
      change: run('save', 'current_phase', 'building').code,
    };
    const before = run('load', 'current_phase').out;
    const restore = run('restore', 'after_scouting').code;
    const after = run('load', 'current_phase').out;
    console.log(`phase ${before} -> restore -> ${after}`);

    const conflict = run('save', 'current_phase', 'testing', '--if-revision', '1'); // it is at revision 3
    console.log(`stale write: exit ${conflict.code} (${conflict.err})`);
    const missing = run('load', 'no-such-key');
    console.log(`missing key: exit ${missing.code}`);
    const checkpoints = JSON.parse(run('checkpoints', '--json').out) as Array<{ name: string; keys: number }>;
    return {
      steps,
      restore,
      before,
      after,
      conflictCode: conflict.code,
      missingCode: missing.code,
      checkpoints: checkpoints.map((c) => `${c.name}:${c.keys}`),
    };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
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
