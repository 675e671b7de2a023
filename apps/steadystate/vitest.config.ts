import { packageProject } from '../../vitest.base.ts';

export default packageProject(import.meta.url, 120_000);
