import { exitWith } from '@steadystate/cli-kit';
import { createContext } from './context.js';
import { dispatch } from './dispatch.js';

/** The bin: runs one command and exits with its code (an open Redis socket never keeps it alive). */
async function start(): Promise<void> {
  const ctx = createContext(process);
  await exitWith('steadystate', () => dispatch(process.argv.slice(2), ctx), ctx);
}

void start();
