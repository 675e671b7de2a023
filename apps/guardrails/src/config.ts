import { readFileSync } from 'node:fs';
import { ConfigError, showValue } from './config-error.js';
import type { ConfigFile } from './config-schema.js';
import { DEFAULT_SETTINGS, EXPECTED, type HookSettings, SETTING_KEYS } from './hook-settings.js';
import { homeDir, projectConfigPath, userConfigPath } from './paths.js';

export { ConfigError } from './config-error.js';
export { DEFAULT_SETTINGS, type HookSettings, SETTING_KEYS } from './hook-settings.js';

/** The merged configuration and where each value came from. */
export interface LoadedConfig {
  /** Settings for every hook not configured otherwise. */
  defaults: HookSettings;
  /** Per-hook settings from the files (partial: the rest comes from `defaults`). */
  hooks: Record<string, Partial<HookSettings>>;
  /** Hooks that always run unguarded. */
  exclude: string[];
  /** The config files that exist and were read, in order. */
  files: string[];
  /** Key path (`defaults.cooldownSeconds`, `hooks.lint.onOpen`, `exclude`) -> `default` | a file | `env:GUARDRAILS_X` | `flag`. */
  sources: Record<string, string>;
  /** Env and flag values: they win over per-hook file settings too. */
  overrides: Partial<HookSettings>;
}

/** Inputs of {@link loadConfig}. */
export interface LoadConfigOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** @default $HOME */
  home?: string;
  /** Command-line values, the highest layer. @default {} */
  flags?: Partial<HookSettings>;
}

const ENV_KEYS: ReadonlyArray<[string, keyof HookSettings]> = [
  ['GUARDRAILS_FAILURE_THRESHOLD', 'failureThreshold'],
  ['GUARDRAILS_COOLDOWN_SECONDS', 'cooldownSeconds'],
  ['GUARDRAILS_TIMEOUT_SECONDS', 'timeoutSeconds'],
];

/**
 * Loads the layers: built-in defaults, `~/.claude/guardrails.json`,
 * `<project>/.claude/guardrails.json` (project = `$CLAUDE_PROJECT_DIR` or cwd),
 * GUARDRAILS_* variables, then flags. A missing file costs one failed read.
 * Throws {@link ConfigError} naming the file and key of the first problem.
 */
export async function loadConfig(opts: LoadConfigOptions): Promise<LoadedConfig> {
  const home = opts.home ?? homeDir(opts.env);
  const config: LoadedConfig = {
    defaults: { ...DEFAULT_SETTINGS },
    hooks: {},
    exclude: [],
    files: [],
    sources: {},
    overrides: {},
  };
  for (const key of SETTING_KEYS) config.sources[`defaults.${key}`] = 'default';
  const userFile = userConfigPath(home);
  const projectFile = projectConfigPath(opts.env.CLAUDE_PROJECT_DIR || opts.cwd);
  const paths = projectFile === userFile ? [userFile] : [userFile, projectFile];
  const docs = await Promise.all(paths.map(readConfigFile));
  paths.forEach((file, i) => {
    const doc = docs[i];
    if (doc) mergeFile(config, file, doc);
  });
  for (const [name, key] of ENV_KEYS) {
    const text = opts.env[name];
    if (text === undefined || text === '') continue;
    override(config, key, parseEnvNumber(name, key, text), `env:${name}`);
  }
  for (const key of SETTING_KEYS) {
    const value = opts.flags?.[key];
    if (value !== undefined) override(config, key, checkFlag(key, value), 'flag');
  }
  return config;
}

async function readConfigFile(file: string): Promise<ConfigFile | undefined> {
  let text: string;
  try {
    // sync: two tiny files, usually missing; a thread-pool round trip each costs more than the read
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(file, '(file)', 'a readable file', (error as Error).message, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '(file)', 'valid JSON', (error as Error).message, { cause: error });
  }
  // the zod schema, loaded only when a config file exists
  const { parseConfigFile } = await import('./config-schema.js');
  return parseConfigFile(file, raw);
}

function mergeFile(config: LoadedConfig, file: string, doc: ConfigFile): void {
  config.files.push(file);
  for (const key of SETTING_KEYS) {
    const value = doc.defaults?.[key];
    if (value === undefined) continue;
    (config.defaults as unknown as Record<string, unknown>)[key] = value;
    config.sources[`defaults.${key}`] = file;
  }
  for (const [name, settings] of Object.entries(doc.hooks ?? {})) {
    const target = config.hooks[name] ?? {};
    config.hooks[name] = target;
    for (const key of SETTING_KEYS) {
      const value = settings[key];
      if (value === undefined) continue;
      (target as Record<string, unknown>)[key] = value;
      config.sources[`hooks.${name}.${key}`] = file;
    }
  }
  if (doc.exclude?.length) {
    for (const name of doc.exclude) if (!config.exclude.includes(name)) config.exclude.push(name);
    config.sources.exclude = config.sources.exclude ? `${config.sources.exclude}, ${file}` : file;
  }
}

function override<K extends keyof HookSettings>(
  config: LoadedConfig,
  key: K,
  value: HookSettings[K],
  source: string,
): void {
  config.defaults[key] = value;
  config.overrides[key] = value;
  config.sources[`defaults.${key}`] = source;
}

function parseEnvNumber(name: string, key: keyof HookSettings, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !valid(key, value)) {
    throw new ConfigError(`env:${name}`, name, EXPECTED[key], showValue(text));
  }
  return value;
}

function checkFlag<K extends keyof HookSettings>(key: K, value: HookSettings[K]): HookSettings[K] {
  if (!valid(key, value)) throw new ConfigError('flag', key, EXPECTED[key], showValue(value));
  return value;
}

function valid(key: keyof HookSettings, value: unknown): boolean {
  if (key === 'onOpen') return value === 'skip' || value === 'block';
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (key === 'failureThreshold' || key === 'successThreshold') return Number.isInteger(value) && value >= 1;
  if (key === 'cooldownSeconds') return value > 0;
  return value >= 0;
}

/** One hook's effective settings, whether it is excluded, and where each value came from. */
export function settingsFor(
  config: LoadedConfig,
  name: string,
): HookSettings & { excluded: boolean; sources: Record<keyof HookSettings, string> } {
  const own = config.hooks[name] ?? {};
  const settings = { ...config.defaults } as HookSettings;
  const sources = {} as Record<keyof HookSettings, string>;
  for (const key of SETTING_KEYS) {
    sources[key] = config.sources[`defaults.${key}`] ?? 'default';
    if (config.overrides[key] !== undefined) continue;
    if (own[key] !== undefined) {
      (settings as unknown as Record<string, unknown>)[key] = own[key];
      sources[key] = config.sources[`hooks.${name}.${key}`] ?? 'default';
    }
  }
  return { ...settings, excluded: config.exclude.includes(name), sources };
}
