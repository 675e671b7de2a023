import { packageBuild } from '../../tsup.base.ts';

// Three entries: the main one never loads better-sqlite3 or ioredis; `./sqlite` and `./redis`
// do (optional peer dependencies). Code splitting keeps one copy of the shared modules, so
// `ConflictError` thrown by SqliteBackend/RedisBackend is the class users import from the main
// entry (instanceof works).
export default packageBuild(
  { index: 'src/index.ts', sqlite: 'src/sqlite.ts', redis: 'src/redis.ts' },
  { splitting: true },
);
