/**
 * The `guardrails` bin. It runs the bundle (`guardrails.cjs`, beside it) through a V8
 * code cache, so a hook does not pay to compile guardrails on every call: the cache
 * (`guardrails.<node version>-<arch>.cache`) is written beside the bundle after the first
 * `guardrails run` that lacks it, atomically and only if that folder is writable; V8 refuses a cache
 * that does not match the source or the Node version, and the bundle is then compiled
 * as usual. GUARDRAILS_NO_CODE_CACHE=1 turns it off.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;

function main(): void {
  const file = join(__dirname, 'guardrails.cjs');
  const text = readFileSync(file, 'utf8');
  const source = text.startsWith('#!') ? `//${text}` : text; // the bundle may start with a shebang
  const useCache = !process.env.GUARDRAILS_NO_CODE_CACHE;
  const cacheFile = join(__dirname, `guardrails.${process.version}-${process.arch}.cache`);
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
  // written after a `run` (the path that matters), so the functions it compiled lazily are in it
  if (useCache && process.argv[2] === 'run' && (!cachedData || script.cachedDataRejected)) {
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
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, __dirname);
}

main();
