/** The zod schema of a config file: loaded only when a config file exists. */
import * as z from 'zod/mini';
import { ConfigError, showValue } from './config-error.js';
import { EXPECTED, type HookSettings, SETTING_KEYS } from './hook-settings.js';

/** A config file as written. */
export interface ConfigFile {
  $schema?: string;
  defaults?: Partial<HookSettings>;
  hooks?: Record<string, Partial<HookSettings>>;
  exclude?: string[];
}

let cached: z.ZodMiniType<ConfigFile> | undefined;

/** The zod/mini schema of a config file, built on first use. */
export function configSchema(): z.ZodMiniType<ConfigFile> {
  if (cached) return cached;
  const settings = z.strictObject({
    failureThreshold: z.optional(
      z.int().check(z.minimum(1), z.describe('Consecutive failures that open the breaker (default 3).')),
    ),
    successThreshold: z.optional(
      z.int().check(z.minimum(1), z.describe('Consecutive trial successes that close it again (default 2).')),
    ),
    cooldownSeconds: z.optional(
      z
        .number()
        .check(
          z.positive(),
          z.describe('Seconds it stays open before a trial run; fractions allowed (default 300).'),
        ),
    ),
    timeoutSeconds: z.optional(
      z
        .number()
        .check(
          z.nonnegative(),
          z.describe(
            'Kill the command after this many seconds, exit 124, a failure; 0 = never (default 60).',
          ),
        ),
    ),
    onOpen: z.optional(
      z
        .enum(['skip', 'block'])
        .check(
          z.describe(
            'While open: skip = exit 0 with a systemMessage (default); block = exit 2 with the reason on stderr.',
          ),
        ),
    ),
  });
  cached = z.strictObject({
    $schema: z.optional(z.string()),
    defaults: z.optional(settings.check(z.describe('Settings of every hook.'))),
    hooks: z.optional(
      z
        .record(z.string().check(z.minLength(1)), settings)
        .check(z.describe('Per-hook settings by breaker name (see `guardrails status`).')),
    ),
    exclude: z.optional(
      z
        .array(z.string().check(z.minLength(1)))
        .check(z.describe('Hooks that always run unguarded, by breaker name.')),
    ),
  }) as unknown as z.ZodMiniType<ConfigFile>;
  return cached;
}

function at(doc: unknown, path: readonly PropertyKey[]): unknown {
  let value = doc;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function expectedAt(path: readonly PropertyKey[], fallback: string): string {
  const last = path[path.length - 1];
  if (typeof last === 'string' && last in EXPECTED) return EXPECTED[last as keyof HookSettings];
  if (path.length === 0) return 'a JSON object';
  if (path[0] === 'exclude') return 'a list of hook names';
  if (path[0] === 'hooks' && path.length === 1) return 'an object of hook name -> settings';
  if (path[0] === '$schema') return 'a string';
  if (path.length <= 2) return 'an object of settings';
  return fallback;
}

/** Validates a parsed config file; the first problem is a {@link ConfigError}. */
export function parseConfigFile(file: string, raw: unknown): ConfigFile {
  const result = z.safeParse(configSchema(), raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const key = [...path, issue.keys[0] ?? ''].join('.');
    const known = path.length === 0 ? 'defaults, hooks, exclude' : SETTING_KEYS.join(', ');
    return fail(file, key, `a known key (${known})`, `unknown key "${issue.keys[0]}"`, result.error);
  }
  const key = path.length ? path.join('.') : '(file)';
  const expected = expectedAt(path, issue.message);
  return fail(file, key, expected, showValue(at(raw, path)), result.error);
}

function fail(file: string, key: string, expected: string, found: string, cause: unknown): never {
  throw new ConfigError(file, key, expected, found, { cause });
}

/** The JSON Schema of a config file, for editors (`"$schema"`). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema(), { io: 'input' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://github.com/steadystate-dev/steadystate/blob/main/apps/guardrails/guardrails.schema.json',
    title: 'guardrails config',
    description:
      'Circuit-breaker settings for Claude Code hooks run through `guardrails run`: ~/.claude/guardrails.json and <project>/.claude/guardrails.json.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
