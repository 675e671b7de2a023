/** Which backend, namespace and location a command works on: flags, then environment, then defaults. */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
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
  const flagged = flags[own];
  if (flagged === '') {
    const what = { dir: 'a folder', file: 'a file', url: 'a Redis URL' }[own];
    throw new UsageError(`expected --${own} to be ${what}, found an empty string`);
  }
  const namespace = resolveNamespace(flags, env);
  switch (backend) {
    case 'json':
      return { backend, namespace, dir: flags.dir ?? nonEmpty(env.STEADYSTATE_DIR) ?? DEFAULT_DIR };
    case 'sqlite':
      return { backend, namespace, file: flags.file ?? nonEmpty(env.STEADYSTATE_FILE) ?? DEFAULT_FILE };
    case 'redis': {
      const fromFlag = flags.url !== undefined;
      const url = flags.url ?? nonEmpty(env.STEADYSTATE_URL) ?? DEFAULT_URL;
      checkRedisUrl(url, fromFlag ? '--url' : 'STEADYSTATE_URL');
      return { backend, namespace, url };
    }
  }
}

/**
 * Throws a usage error unless `url` is a `redis://` or `rediss://` URL that parses;
 * the error shows it with any password hidden.
 */
export function checkRedisUrl(url: string, source: string): void {
  const shown = JSON.stringify(redactUrlText(url));
  if (!/^rediss?:\/\//i.test(url)) {
    throw new UsageError(
      `expected ${source} to be a Redis URL like redis://127.0.0.1:6379/0 (or rediss://), found ${shown}`,
    );
  }
  try {
    new URL(url);
  } catch (error) {
    throw new UsageError(`expected ${source} to hold a valid Redis URL, found ${shown}`, { cause: error });
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

/** Query parameters ioredis reads credentials from (`?password=`, `?username=`). */
const SECRET_PARAMS = ['password', 'username'];

/** A Redis URL without its password: `redis://:***@host`, `?password=***` (and `?username=***`). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAMS.includes(name.toLowerCase())) parsed.searchParams.set(name, '***');
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return redactUrlText(url);
  }
}

/**
 * The same for a text that may not parse as a URL: what sits between `//` and `@`
 * becomes `***`, and so do the values of `password=` and `username=` in the query.
 */
export function redactUrlText(text: string): string {
  return text
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@')
    .replace(/([?&](?:password|username)=)[^&#]*/gi, '$1***');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Whether `a` and `b` are the same place: the same namespace of the same json folder or
 * SQLite file (by absolute path from `cwd`, through symlinks when it exists), or of the
 * same Redis server and database (host, port and db; the password does not count).
 */
export function sameTarget(a: Target, b: Target, cwd: string): boolean {
  return a.namespace === b.namespace && placeOf(a, cwd) === placeOf(b, cwd);
}

/** A key that is equal for two targets on the same store. */
function placeOf(target: Target, cwd: string): string {
  switch (target.backend) {
    case 'json':
      return `json:${realPath(resolve(cwd, target.dir))}`;
    case 'sqlite':
      return `sqlite:${realPath(resolve(cwd, target.file))}`;
    case 'redis': {
      try {
        const url = new URL(target.url);
        const fromPath = url.pathname.replace(/^\//, '');
        const db = Number(url.searchParams.get('db') ?? (fromPath === '' ? 0 : fromPath));
        const named = url.hostname.toLowerCase();
        const host = named === '' || named === 'localhost' ? '127.0.0.1' : named;
        return `redis:${host}:${url.port || '6379'}/${Number.isNaN(db) ? fromPath : db}`;
      } catch {
        return `redis:${target.url}`;
      }
    }
  }
}

/** `path` through its symlinks when it exists, else as it is. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
