import { defineConfig, type Options } from 'tsup';

/**
 * The one build recipe every package shares: ESM + CJS + .d.ts/.d.cts for
 * Node 20, dependencies left external.
 */
export function packageBuild(entry: Record<string, string> = { index: 'src/index.ts' }, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    ...extra,
  });
}
