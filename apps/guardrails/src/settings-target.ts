/** Which settings.json install/uninstall edit, and how the wrapped commands invoke guardrails. */
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from './command-flags.js';
import { homeDir } from './paths.js';
import { shellWord } from './wrap-command.js';

/** The settings-file flags shared by install and uninstall. */
export interface TargetFlags {
  settings?: string | undefined;
  user?: boolean | undefined;
  local?: boolean | undefined;
}

/** The flag definitions of {@link TargetFlags} for `parseArgs`. */
export const TARGET_OPTIONS = {
  settings: { type: 'string' },
  user: { type: 'boolean' },
  local: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
} as const;

/** The project folder: `$CLAUDE_PROJECT_DIR`, else the working directory. */
export function projectDir(env: NodeJS.ProcessEnv, cwd: string): string {
  return env.CLAUDE_PROJECT_DIR || cwd;
}

/**
 * `--settings PATH` (relative to cwd), `--user` (~/.claude/settings.json),
 * `--local` (<project>/.claude/settings.local.json), else <project>/.claude/settings.json.
 */
export function settingsPath(flags: TargetFlags, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = [flags.settings !== undefined, flags.user === true, flags.local === true].filter(Boolean);
  if (chosen.length > 1) throw new UsageError('give only one of --settings, --user and --local');
  if (flags.settings !== undefined) return resolve(cwd, flags.settings);
  if (flags.user) return join(homeDir(env), '.claude', 'settings.json');
  const project = projectDir(env, cwd);
  return join(project, '.claude', flags.local ? 'settings.local.json' : 'settings.json');
}

/** The settings files a project sees, most specific last (for looking up installed hook names). */
export function settingsFilesOf(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const project = projectDir(env, cwd);
  return [
    join(homeDir(env), '.claude', 'settings.json'),
    join(project, '.claude', 'settings.json'),
    join(project, '.claude', 'settings.local.json'),
  ];
}

/** How wrapped commands will invoke guardrails, and why that way. */
export interface BinChoice {
  bin: string;
  why: string;
}

/**
 * `--bin CMD` when given; else `guardrails` when an executable of that name is on
 * PATH; else `node '<absolute path of this cli>'`.
 */
export function chooseBin(flag: string | undefined, env: NodeJS.ProcessEnv, cliPath: string): BinChoice {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new UsageError('expected --bin to be a command, found an empty string');
    return { bin: flag.trim(), why: 'as given with --bin' };
  }
  const found = onPath('guardrails', env.PATH ?? '');
  if (found) return { bin: 'guardrails', why: `found on PATH at ${found}` };
  let cli = cliPath;
  try {
    cli = realpathSync(cliPath);
  } catch {
    // keep the path as given
  }
  return {
    bin: `node ${shellWord(cli)}`,
    why: 'guardrails is not on PATH, so the hooks run this copy by its absolute path; --bin chooses another',
  };
}

function onPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
