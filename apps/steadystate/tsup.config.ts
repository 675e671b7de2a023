import { defineConfig } from 'tsup';

// One bundled bin; the native SQLite driver and the Redis client stay external
// (optional peers, loaded only by the backend that needs them).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['cjs'],
  target: 'node20',
  platform: 'node',
  noExternal: [/^@steadystate\//, /^zod/],
  external: ['better-sqlite3', 'ioredis'],
  clean: true,
  minify: true,
  splitting: false,
  banner: { js: '#!/usr/bin/env node' },
});
