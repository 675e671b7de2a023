// SessionStart hook of the guardrails Claude Code plugin: when some hook is paused by
// its circuit breaker, prints `guardrails status --hook-json` (a systemMessage for the
// user); prints nothing otherwise. Never fails or blocks the session: exit 0 always.
//
// A plugin installed from git has no build step, so this finds a guardrails to run:
//   1. the built copy of this checkout (apps/guardrails/dist/cli.cjs), when present;
//   2. `guardrails` on PATH (a global or project install);
//   3. the published package at this checkout's version: npx --yes @steadystate/guardrails@<version>.
// It reads the state the wrapped hooks of your settings.json write: $GUARDRAILS_STATE_DIR,
// else ~/.claude/guardrails (not $CLAUDE_PLUGIN_DATA: hooks outside the plugin never see it).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { CLAUDE_PLUGIN_ROOT, GUARDRAILS_STATE_DIR } = process.env;
const root = CLAUDE_PLUGIN_ROOT || join(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  GUARDRAILS_STATE_DIR: GUARDRAILS_STATE_DIR || join(homedir(), '.claude', 'guardrails'),
};

function version() {
  try {
    return JSON.parse(readFileSync(join(root, 'apps', 'guardrails', 'package.json'), 'utf8')).version;
  } catch {
    return 'latest';
  }
}

const local = join(root, 'apps', 'guardrails', 'dist', 'cli.cjs');
const candidates = [
  ...(existsSync(local) ? [[process.execPath, local]] : []),
  ['guardrails'],
  ['npx', '--yes', '--prefer-offline', `@steadystate/guardrails@${version()}`],
];

for (const [command, ...args] of candidates) {
  const result = spawnSync(command, [...args, 'status', '--hook-json'], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 45_000,
  });
  if (result.error || result.status !== 0) continue;
  process.stdout.write(result.stdout);
  break;
}
process.exit(0);
