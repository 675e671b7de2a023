import { packageBuild } from '../../tsup.base.ts';

// two entries: the main one never loads ioredis; `./redis` does (optional peer dependency)
export default packageBuild({ index: 'src/index.ts', redis: 'src/redis.ts' });
