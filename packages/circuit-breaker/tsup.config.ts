import { packageBuild } from '../../tsup.base.ts';

// Two entries: the main one never loads ioredis; `./redis` does (optional peer dependency).
// Code splitting keeps one copy of the shared modules, so `StoreUnavailableError` thrown by
// RedisStore is the same class users import from the main entry (instanceof works).
export default packageBuild({ index: 'src/index.ts', redis: 'src/redis.ts' }, { splitting: true });
