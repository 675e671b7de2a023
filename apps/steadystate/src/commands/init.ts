import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { positionalsFor } from '../flags.js';
import { emit, plural } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';
import { describeTarget } from '../target.js';

export const help = `Usage: steadystate [global options] init

Creates the store of the chosen backend if it is not there yet (the json folder,
.steadystate unless --dir says otherwise; the SQLite database and its tables) or
checks that the Redis server answers, and says where state lives (--json:
{"backend", "namespace", "spec", "keys"}). Running it again changes nothing.

Example:
  steadystate --backend sqlite --file state.db --namespace workflow-123 init

${GLOBAL_HELP}

Exit codes: 0 ok, 1 the backend cannot be opened, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('init', argv, ctx, {}, async ({ values, positionals, target, open }) => {
    positionalsFor(positionals, []);
    const keys = await open(async (m) => {
      // the json backend creates its folders on the first write; init creates the store now
      // (once the manager opened, so a namespace it refuses leaves nothing behind)
      if (target.backend === 'json') mkdirSync(resolve(ctx.cwd, target.dir), { recursive: true });
      return m.keys();
    });
    const where = describeTarget(target);
    emit(
      ctx,
      values.json,
      { backend: target.backend, namespace: target.namespace, spec: where, keys: keys.length },
      `Initialized ${target.backend} backend for ${target.namespace} (${where}, ${plural(keys.length, 'key')})`,
    );
    return EXIT.ok;
  });
}
