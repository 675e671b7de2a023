/**
 * The `guardrails` bin. `guardrails run` (what every hook call runs) loads `run.cjs`, a
 * bundle of that command alone; every other command loads `guardrails.cjs`. Either runs
 * through a V8 code cache, so a hook does not pay to compile guardrails on every call: the
 * cache (`<bundle>.<node version>-<arch>.cache`) is written beside the bundle after the
 * first command that lacks it (for `run.cjs`, a `run`: the path that matters), atomically
 * and only if that folder is writable; V8 refuses a cache that does not match the source
 * or the Node version, and the bundle is then compiled as usual.
 * GUARDRAILS_NO_CODE_CACHE=1 turns it off.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;

function main(): void {
  const bundle = process.argv[2] === 'run' ? 'run' : 'guardrails';
  const file = join(__dirname, `${bundle}.cjs`);
  const text = readFileSync(file, 'utf8'); // utf8 has a native fast path: faster than latin1 here
  const source = text.startsWith('#!') ? `//${text}` : text; // the bundle may start with a shebang
  const useCache = !process.env.GUARDRAILS_NO_CODE_CACHE;
  const cacheFile = join(__dirname, `${bundle}.${process.version}-${process.arch}.cache`);
  let cachedData: Buffer | undefined;
  if (useCache) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // first run: no cache yet
    }
  }
  const script = new Script(WRAPPER[0] + source + WRAPPER[1], {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  // written at exit, so the functions the command compiled lazily are in it
  if (useCache && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(temp, script.createCachedData(), { mode: 0o644 });
        renameSync(temp, cacheFile);
      } catch {
        // a read-only install: run without a cache
      }
    });
  }
  const mod = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  // the bundles require only Node's own modules, which resolve the same from here
  run.call(mod.exports, mod.exports, require, mod, file, __dirname);
}

main();
