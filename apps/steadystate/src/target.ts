/** Which backend, namespace and location a command works on: flags, then environment, then defaults. */
import { UsageError } from './cli-errors.js';
import type { GlobalFlags } from './flags.js';

/** The json backend's folder when neither --dir nor STEADYSTATE_DIR is given. */
export const DEFAULT_DIR = '.steadystate';
/** The sqlite backend's file when neither --file nor STEADYSTATE_FILE is given. */
export const DEFAULT_FILE = '.steadystate.db';
/** The redis backend's server when neither --url nor STEADYSTATE_URL is given. */
export const DEFAULT_URL = 'redis://127.0.0.1:6379';
/** The namespace when neither --namespace nor STEADYSTATE_NAMESPACE is given. */
export const DEFAULT_NAMESPACE = 'default';

/** One place state lives: the normalised shape every command opens. */
export type Target =
  | { backend: 'json'; namespace: string; dir: string }
  | { backend: 'sqlite'; namespace: string; file: string }
  | { backend: 'redis'; namespace: string; url: string };

const BACKENDS = ['json', 'sqlite', 'redis'] as const;
const LOCATION_FLAG = { json: 'dir', sqlite: 'file', redis: 'url' } as const;

const LOCATION_ENV = {
  json: 'STEADYSTATE_DIR',
  sqlite: 'STEADYSTATE_FILE',
  redis: 'STEADYSTATE_URL',
} as const;

/**
 * Resolves the global options. The backend is, first to last: `--backend`;
 * STEADYSTATE_BACKEND; the backend a location flag implies (`--dir` json, `--file`
 * sqlite, `--url` redis); the backend a location variable implies (STEADYSTATE_DIR,
 * STEADYSTATE_FILE or STEADYSTATE_URL, when exactly one is set; two or more are
 * ambiguous, a usage error); else json. Then `--namespace` (else
 * STEADYSTATE_NAMESPACE, else `default`) and the location flag of that backend (else
 * its variable, else the default). A location flag that belongs to another backend
 * is a usage error; a location variable of another backend is ignored.
 */
export function resolveTarget(flags: GlobalFlags, env: NodeJS.ProcessEnv): Target {
  const given = (['dir', 'file', 'url'] as const).filter((f) => flags[f] !== undefined);
  if (given.length > 1) {
    throw new UsageError(
      `expected one of --dir, --file, --url, found ${given.map((f) => `--${f}`).join(' and ')}`,
    );
  }
  const implied =
    flags.file !== undefined
      ? 'sqlite'
      : flags.url !== undefined
        ? 'redis'
        : flags.dir !== undefined
          ? 'json'
          : undefined;
  const fromEnv = nonEmpty(env.STEADYSTATE_BACKEND);
  const name =
    flags.backend ?? (implied && !fromEnv ? implied : undefined) ?? fromEnv ?? impliedByEnv(env) ?? 'json';
  const source = flags.backend !== undefined ? '--backend' : fromEnv ? 'STEADYSTATE_BACKEND' : 'the backend';
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new UsageError(`expected ${source} to be json, sqlite or redis, found ${JSON.stringify(name)}`);
  }
  const backend = name as Target['backend'];
  const own = LOCATION_FLAG[backend];
  const wrong = given.find((f) => f !== own);
  if (wrong) {
    throw new UsageError(`--${wrong} does not apply to the ${backend} backend; it takes --${own}`);
  }
  const namespace = resolveNamespace(flags, env);
  switch (backend) {
    case 'json':
      return { backend, namespace, dir: flags.dir ?? nonEmpty(env.STEADYSTATE_DIR) ?? DEFAULT_DIR };
    case 'sqlite':
      return { backend, namespace, file: flags.file ?? nonEmpty(env.STEADYSTATE_FILE) ?? DEFAULT_FILE };
    case 'redis':
      return { backend, namespace, url: flags.url ?? nonEmpty(env.STEADYSTATE_URL) ?? DEFAULT_URL };
  }
}

/** The backend the one location variable that is set implies; undefined when none is set. */
function impliedByEnv(env: NodeJS.ProcessEnv): Target['backend'] | undefined {
  const set = BACKENDS.filter((b) => nonEmpty(env[LOCATION_ENV[b]]) !== undefined);
  if (set.length > 1) {
    const names = set.map((b) => LOCATION_ENV[b]);
    const list =
      names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    throw new UsageError(
      `expected one backend from the environment, found ${list} set; choose with --backend or STEADYSTATE_BACKEND`,
    );
  }
  return set[0];
}

/** `--namespace`, else STEADYSTATE_NAMESPACE, else `default` (what `copy` needs without a backend). */
export function resolveNamespace(flags: Pick<GlobalFlags, 'namespace'>, env: NodeJS.ProcessEnv): string {
  const namespace = flags.namespace ?? nonEmpty(env.STEADYSTATE_NAMESPACE) ?? DEFAULT_NAMESPACE;
  if (namespace === '') throw new UsageError('expected --namespace to be a name, found an empty string');
  return namespace;
}

/** `json:.steadystate#default`: the SPEC that names this target (what `copy` accepts). */
export function describeTarget(target: Target): string {
  switch (target.backend) {
    case 'json':
      return `json:${target.dir}#${target.namespace}`;
    case 'sqlite':
      return `sqlite:${target.file}#${target.namespace}`;
    case 'redis':
      return `${redactUrl(target.url)}#${target.namespace}`;
  }
}

/** A Redis URL without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
