import { defineProject, mergeConfig } from 'vitest/config';
import { packageProject } from '../vitest.base.ts';

// Tests live in test/ only: the templates are files users copy, run by test/templates.test.ts.
export default mergeConfig(
  packageProject(import.meta.url, 120_000),
  defineProject({ test: { include: ['test/**/*.test.ts'] } }),
);
