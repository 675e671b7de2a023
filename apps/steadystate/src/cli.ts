import { createContext } from './context.js';
import { dispatch } from './dispatch.js';

/** Waits until what was written to a stream is handed to the OS (pipes are async on some platforms). */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/** The bin: runs one command and exits with its code (an open Redis socket never keeps it alive). */
async function start(): Promise<void> {
  const ctx = createContext(process);
  let code: number;
  try {
    code = await dispatch(process.argv.slice(2), ctx);
  } catch (error) {
    ctx.stderr.write(`steadystate: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    code = 70;
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

void start();
