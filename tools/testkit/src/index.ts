export { type ChildResult, runNode, spawnNode } from './child.js';
export { redisService, type ServiceCheck, serviceSuite } from './services.js';
export { tempDir } from './temp-dir.js';
