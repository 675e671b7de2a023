import { PassThrough, Writable } from 'node:stream';
import type { CommandContext } from './context.js';

/** A {@link CommandContext} whose output is collected, for in-process tests. */
export function testContext(env: NodeJS.ProcessEnv = {}, now = () => Date.now()) {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _enc, cb) {
        out[key] += chunk.toString();
        cb();
      },
    });
  const stdin = new PassThrough();
  stdin.end();
  const ctx: CommandContext = {
    env,
    cwd: process.cwd(),
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    stdin,
    color: false,
    progress: false,
    now,
  };
  return { ctx, out };
}
