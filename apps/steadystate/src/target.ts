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

/**
 * Resolves the global options: `--backend` (else STEADYSTATE_BACKEND, else the backend
 * implied by a --file or --url flag, else json), `--namespace` (else
 * STEADYSTATE_NAMESPACE, else `default`), and the location flag of that backend
 * (else its STEADYSTATE_DIR / _FILE / _URL, else the default). A location flag that
 * belongs to another backend is a usage error; an unrelated environment variable is ignored.
 */
export function resolveTarget(flags: GlobalFlags, env: NodeJS.ProcessEnv): Target {
  const given = (['dir', 'file', 'url'] as const).filter((f) => flags[f] !== undefined);
  if (given.length > 1) {
    throw new UsageError(
      `expected one of --dir, --file, --url, found ${given.map((f) => `--${f}`).join(' and ')}`,
    );
  }
  const implied = flags.file !== undefined ? 'sqlite' : flags.url !== undefined ? 'redis' : undefined;
  const fromEnv = nonEmpty(env.STEADYSTATE_BACKEND);
  const name = flags.backend ?? (implied && !fromEnv ? implied : undefined) ?? fromEnv ?? 'json';
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
  const namespace = flags.namespace ?? nonEmpty(env.STEADYSTATE_NAMESPACE) ?? DEFAULT_NAMESPACE;
  if (namespace === '') throw new UsageError('expected --namespace to be a name, found an empty string');
  switch (backend) {
    case 'json':
      return { backend, namespace, dir: flags.dir ?? nonEmpty(env.STEADYSTATE_DIR) ?? DEFAULT_DIR };
    case 'sqlite':
      return { backend, namespace, file: flags.file ?? nonEmpty(env.STEADYSTATE_FILE) ?? DEFAULT_FILE };
    case 'redis':
      return { backend, namespace, url: flags.url ?? nonEmpty(env.STEADYSTATE_URL) ?? DEFAULT_URL };
  }
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
