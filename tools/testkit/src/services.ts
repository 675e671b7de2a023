import { connect } from 'node:net';
import { describe } from 'vitest';

export interface ServiceCheck {
  /** Human name, e.g. "Redis". */
  name: string;
  /** URL printed in the skip line and handed to the suite. */
  url: string;
}

const probed = new Map<string, Promise<boolean>>();

function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * `describe` for tests that need a real server (Redis, PostgreSQL).
 *
 * - Server reachable: the suite runs against it.
 * - Not reachable and `STEADYSTATE_REQUIRE_SERVICES=1` (set by `.ci/run`): the
 *   suite fails with a line naming the server, so CI cannot pass by skipping.
 * - Not reachable otherwise: the suite is skipped and one line on stderr says so.
 */
export async function serviceSuite(
  service: ServiceCheck,
  title: string,
  body: (url: string) => void,
): Promise<void> {
  let probe = probed.get(service.url);
  if (!probe) {
    probe = reachable(service.url);
    probed.set(service.url, probe);
  }
  const up = await probe;
  if (up) {
    describe(title, () => body(service.url));
    return;
  }
  const line = `${service.name} is not reachable at ${service.url}`;
  if (process.env.STEADYSTATE_REQUIRE_SERVICES === '1') {
    describe(title, () => {
      throw new Error(`${line}, and STEADYSTATE_REQUIRE_SERVICES=1 requires it`);
    });
    return;
  }
  process.stderr.write(`[steadystate] skipping "${title}": ${line} (start it to run these tests)\n`);
  describe.skip(title, () => body(service.url));
}

/** Redis for tests: `REDIS_URL`, default redis://127.0.0.1:6379. */
export const redisService: ServiceCheck = {
  name: 'Redis',
  url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
