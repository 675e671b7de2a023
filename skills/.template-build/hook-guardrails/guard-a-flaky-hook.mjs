import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function guardrailsBin() {
  const pkgPath = createRequire(import.meta.url).resolve('@steadystate/guardrails/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  return join(dirname(pkgPath), pkg.bin.guardrails);
}
async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'guard-a-flaky-hook-'));
  const env = {
    ...process.env,
    HOME: dir,
    CLAUDE_PROJECT_DIR: dir,
    GUARDRAILS_STATE_DIR: join(dir, 'state'),
  };
  const hook = join(dir, 'lint.mjs');
  writeFileSync(
    hook,
    `import { existsSync, readFileSync } from 'node:fs';
const input = JSON.parse(readFileSync(0, 'utf8'));
if (input.tool_input?.file_path?.endsWith('.env')) { console.error('do not edit .env'); process.exit(2); }
if (!existsSync(${JSON.stringify(join(dir, 'lint-ok'))})) { console.error('lint: config not found'); process.exit(1); }
`,
  );
  const bin = guardrailsBin();
  const guardrails = (args, input = '') => {
    const r = spawnSync(process.execPath, [bin, ...args], { env, input, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
  };
  const edit = (file) =>
    JSON.stringify({ hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: { file_path: file } });
  const runHook = (file) => guardrails(['run', '--', process.execPath, hook], edit(file));
  try {
    const block = runHook('.env');
    console.log(`a block: exit ${block.code} (${block.stderr})`);
    const codes = [1, 2, 3].map(() => runHook('src/a.ts').code);
    console.log(`three failing runs exit ${codes.join(', ')}`);
    const skipped = runHook('src/a.ts');
    const message = JSON.parse(skipped.stdout).systemMessage;
    console.log(`while open: exit ${skipped.code}, ${message.slice(0, 60)}...`);
    const status = JSON.parse(guardrails(['status', '--json']).stdout);
    const lint = status.breakers.find((b) => b.name === 'lint');
    console.log(`status: ${lint.name} ${lint.status}, ${lint.failureCount} failures`);
    writeFileSync(join(dir, 'lint-ok'), '');
    const reset = guardrails(['reset', 'lint']);
    const afterReset = runHook('src/a.ts');
    console.log(`after reset: exit ${afterReset.code}`);
    return {
      codes,
      blockCode: block.code,
      skippedCode: skipped.code,
      skippedMentionsReset: message.includes('guardrails reset lint'),
      statusAfterFailures: lint.status,
      failuresCounted: lint.failureCount,
      resetCode: reset.code,
      afterResetCode: afterReset.code,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => console.log(JSON.stringify(result)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

export { guardrailsBin, main };
