import { dispatch } from './dispatch.js';
import { processMain } from './process-main.js';

/** The bundle of every command (`dist/guardrails.cjs`); `run` has its own, smaller one (`run-cli.ts`). */
void processMain(dispatch);
