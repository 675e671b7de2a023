import { join } from 'node:path';

/** Where the state directory came from. */
export type StateDirSource = 'GUARDRAILS_STATE_DIR' | 'CLAUDE_PLUGIN_DATA' | 'default';

/**
 * The state directory: `$GUARDRAILS_STATE_DIR`, else `$CLAUDE_PLUGIN_DATA` (a plugin's
 * persistent folder), else `~/.claude/guardrails`.
 */
export function resolveStateDir(
  env: NodeJS.ProcessEnv,
  home: string,
): { dir: string; source: StateDirSource } {
  const own = env.GUARDRAILS_STATE_DIR;
  if (own) return { dir: own, source: 'GUARDRAILS_STATE_DIR' };
  const plugin = env.CLAUDE_PLUGIN_DATA;
  if (plugin) return { dir: plugin, source: 'CLAUDE_PLUGIN_DATA' };
  return { dir: join(home, '.claude', 'guardrails'), source: 'default' };
}

/** The breaker state document. */
export function statePath(dir: string): string {
  return join(dir, 'state.json');
}

/** The JSONL transition log. */
export function logPath(dir: string): string {
  return join(dir, 'transitions.jsonl');
}

/** Seed 000's state file, read by `import`. */
export function legacyStatePath(home: string): string {
  return join(home, '.claude', 'hook_state.json');
}

/** The user-level config file. */
export function userConfigPath(home: string): string {
  return join(home, '.claude', 'guardrails.json');
}

/** The project-level config file. */
export function projectConfigPath(projectDir: string): string {
  return join(projectDir, '.claude', 'guardrails.json');
}

/** The home directory as the environment gives it (HOME / USERPROFILE), without loading `node:os`. */
export function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || '/';
}
