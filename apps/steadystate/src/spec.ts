/** A copy SPEC: `json:./dir`, `sqlite:./state.db`, `redis://host:6379/0`, each with an optional `#namespace`. */
import { UsageError } from './cli-errors.js';
import type { Target } from './target.js';
import { checkRedisUrl, DEFAULT_DIR, DEFAULT_FILE, DEFAULT_URL, redactUrlText } from './target.js';

/**
 * Parses a SPEC into a {@link Target}. The namespace is what follows the last `#`,
 * else `namespace` (the global one). `json` and `sqlite` without a path (`json`,
 * `json:`) use the default folder and file, `redis` alone the default server; a
 * Redis URL is kept whole (`redis://` or `rediss://`).
 */
export function parseSpec(text: string, namespace: string, flag = 'SPEC'): Target {
  const hash = text.lastIndexOf('#');
  const body = hash === -1 ? text : text.slice(0, hash);
  const ns = hash === -1 ? namespace : text.slice(hash + 1);
  if (ns === '') {
    throw new UsageError(`expected a namespace after "#" in ${flag} ${JSON.stringify(redactUrlText(text))}`);
  }
  if (/^rediss?:\/\//i.test(body)) {
    checkRedisUrl(body, flag);
    return { backend: 'redis', namespace: ns, url: body };
  }
  const colon = body.indexOf(':');
  const kind = colon === -1 ? body : body.slice(0, colon);
  const path = colon === -1 ? '' : body.slice(colon + 1);
  if (kind === 'json') return { backend: 'json', namespace: ns, dir: path || DEFAULT_DIR };
  if (kind === 'sqlite') return { backend: 'sqlite', namespace: ns, file: path || DEFAULT_FILE };
  if (kind === 'redis' && path === '') return { backend: 'redis', namespace: ns, url: DEFAULT_URL };
  throw new UsageError(
    `expected ${flag} like json:./state, sqlite:./state.db or redis://127.0.0.1:6379/0, or a bare json, sqlite or redis (optionally #namespace), found ${JSON.stringify(redactUrlText(text))}`,
  );
}
