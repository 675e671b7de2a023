import { readFileSync } from 'node:fs';
import { ConfigError, showValue } from './config-error.js';
import type { ConfigFile } from './config-schema.js';
import {
  DEFAULT_SETTINGS,
  EXPECTED,
  type HookSettings,
  MAX_TIMER_MS,
  SETTING_KEYS,
} from './hook-settings.js';
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

/**
 * The longest `timeoutSeconds`: 2^31-1 ms (about 24.8 days), the longest delay Node's timers
 * take (a longer one fires after 1 ms, with a TimeoutOverflowWarning).
 */
export const MAX_TIMEOUT_SECONDS = MAX_TIMER_MS / 1000;

/**
 * The longest `cooldownSeconds` (and `open --for`): 100 years, the longest duration
 * `@steadystate/circuit-breaker` accepts (an open period is stored as a date; a test holds
 * both limits equal).
 */
export const MAX_COOLDOWN_SECONDS = 100 * 365.25 * 24 * 3600;

/** What each key expects, with the upper limits. */
const EXPECTED_IN_RANGE: Record<keyof HookSettings, string> = {
  ...EXPECTED,
  cooldownSeconds: `a number of seconds > 0 and <= ${MAX_COOLDOWN_SECONDS} (100 years)`,
  timeoutSeconds: `a number of seconds >= 0 and <= ${MAX_TIMEOUT_SECONDS} (2^31-1 ms, about 24.8 days; 0 = no timeout)`,
};

/** The timer delay of a valid `timeoutSeconds`: 0 = no timeout, else rounded to whole ms but at least 1 ms. */
export function timeoutMsOf(seconds: number): number {
  return seconds === 0 ? 0 : Math.max(1, Math.round(seconds * 1000));
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
    checkFileValue(file, `defaults.${key}`, key, value);
    (config.defaults as unknown as Record<string, unknown>)[key] = value;
    config.sources[`defaults.${key}`] = file;
  }
  for (const [name, settings] of Object.entries(doc.hooks ?? {})) {
    const target = config.hooks[name] ?? {};
    config.hooks[name] = target;
    for (const key of SETTING_KEYS) {
      const value = settings[key];
      if (value === undefined) continue;
      checkFileValue(file, `hooks.${name}.${key}`, key, value);
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
    throw new ConfigError(`env:${name}`, name, EXPECTED_IN_RANGE[key], showValue(text));
  }
  return value;
}

function checkFlag<K extends keyof HookSettings>(key: K, value: HookSettings[K]): HookSettings[K] {
  if (!valid(key, value)) throw new ConfigError('flag', key, EXPECTED_IN_RANGE[key], showValue(value));
  return value;
}

/** The upper limits, which the file's schema does not check. */
function checkFileValue(file: string, path: string, key: keyof HookSettings, value: unknown): void {
  if (!valid(key, value)) throw new ConfigError(file, path, EXPECTED_IN_RANGE[key], showValue(value));
}

function valid(key: keyof HookSettings, value: unknown): boolean {
  if (key === 'onOpen') return value === 'skip' || value === 'block';
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (key === 'failureThreshold' || key === 'successThreshold') return Number.isInteger(value) && value >= 1;
  if (key === 'cooldownSeconds') return value > 0 && value <= MAX_COOLDOWN_SECONDS;
  return value >= 0 && value <= MAX_TIMEOUT_SECONDS;
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
