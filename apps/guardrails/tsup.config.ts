import { defineConfig } from 'tsup';

/**
 * Classic zod re-exports every locale (`z.locales`, about 400 KB) that nothing here
 * uses; in the bundle that namespace keeps only English, which classic zod loads itself.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build: {
    onResolve: (o: { filter: RegExp }, cb: (a: { importer: string }) => unknown) => void;
    onLoad: (o: { filter: RegExp; namespace: string }, cb: () => unknown) => void;
  }) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-english-only' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: import.meta.dirname,
      loader: 'js',
    }));
  },
};

// The bin (cli.cjs: a small loader with a V8 code cache) and two self-contained,
// minified bundles: run.cjs (`guardrails run` alone, what every hook call loads) and
// guardrails.cjs (every command): a hook pays Node's start-up plus as little as possible.
export default defineConfig({
  entry: { cli: 'src/bin.ts', guardrails: 'src/cli.ts', run: 'src/run-cli.ts' },
  format: ['cjs'],
  target: 'node20',
  platform: 'node',
  noExternal: [/.*/],
  clean: true,
  minify: true,
  keepNames: false,
  sourcemap: false,
  splitting: false,
  shims: true,
  banner: { js: '#!/usr/bin/env node' },
  esbuildPlugins: [zodEnglishOnly as never],
});
