import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as source from '../workflow.js';

// The built package, as users import it (build first: `npx turbo run build --filter=@steadystate/state-machine`).
const esm = await import('@steadystate/state-machine/workflow');
const core = await import('@steadystate/state-machine');
const require = createRequire(import.meta.url);

describe('@steadystate/state-machine/workflow (built entry)', () => {
  it('exports the same names as the source entry, from ESM and CJS', () => {
    const names = Object.keys(source).sort();
    expect(Object.keys(esm).sort()).toEqual(names);
    expect(Object.keys(require('@steadystate/state-machine/workflow')).sort()).toEqual(names);
  });

  it('ships the tables of the source machines', () => {
    for (const name of Object.keys(source).filter((n) => n.endsWith('Machine') && !n.startsWith('define'))) {
      const built = (esm as unknown as Record<string, { transitions(): unknown }>)[name];
      const src = (source as Record<string, unknown>)[name] as { transitions(): unknown };
      expect(built?.transitions(), name).toEqual(src.transitions());
    }
  });

  it('throws the error classes of the main entry (one copy of the shared code)', () => {
    const task = esm.taskMachine.start();
    expect(() => task.send('PASS')).toThrow(core.InvalidTransitionError);
    const cjsTask = require('@steadystate/state-machine/workflow').taskMachine.start();
    expect(() => cjsTask.send('PASS')).toThrow(require('@steadystate/state-machine').InvalidTransitionError);
  });
});
