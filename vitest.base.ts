import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/** The vitest project of one package: `export default packageProject(import.meta.url)`. */
export function packageProject(configUrl: string, timeoutMs = 60_000) {
  const dir = dirname(fileURLToPath(configUrl));
  return defineProject({
    test: {
      name: basename(dir),
      root: dir,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: timeoutMs,
      hookTimeout: timeoutMs,
    },
  });
}
