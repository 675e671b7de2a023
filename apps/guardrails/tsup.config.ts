import { defineConfig } from 'tsup';

// One self-contained file per bin: startup loads as little as possible.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['cjs'],
  target: 'node20',
  platform: 'node',
  noExternal: [/.*/],
  clean: true,
  minify: false,
  sourcemap: false,
  splitting: false,
  shims: true,
  banner: { js: '#!/usr/bin/env node' },
});
