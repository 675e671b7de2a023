export {
  type BarrierChild,
  type ChildResult,
  runNode,
  spawnNode,
  startAtBarrier,
  startNode,
} from './child.js';
export { oddValues } from './odd-values.js';
export { redisService, type ServiceCheck, serviceSuite } from './services.js';
export { holdSqliteWriteLock } from './sqlite-lock.js';
export { tempDir } from './temp-dir.js';
export { thrown } from './thrown.js';
