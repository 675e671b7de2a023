import type { StateManager } from '@steadystate/checkpoint';
import { EXIT, NotFoundError, UsageError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { positionalsFor } from '../flags.js';
import { colors, emit, oneLineText, plural } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] batch create ID ITEM...
       steadystate [global options] batch next ID
       steadystate [global options] batch done ID ITEM
       steadystate [global options] batch fail ID ITEM REASON
       steadystate [global options] batch status ID

A resumable work list kept in the namespace: after a crash, "batch next" hands
out the first item that is neither done nor failed, so a loop picks up where it
stopped.

  create  creates batch ID with its items (again with the same items: no change;
          with different items: exit 3, nothing changes)
  next    prints the next pending item; exit 4 when none is left
  done    marks ITEM completed (complete is the same)
  fail    marks ITEM failed with REASON
  status  completed, failed (with reasons) and pending counts
          (--json: {"id", "total", "completed", "failed", "pending"})

A worker loop in sh:
  steadystate batch create nightly a.csv b.csv c.csv
  while item=$(steadystate batch next nightly); do
    process "$item" && steadystate batch done nightly "$item" \\
      || steadystate batch fail nightly "$item" "exit $?"
  done

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 3 create with other items, 4 no such batch or item, or
nothing pending, 64 usage.
`;

type Manager = StateManager;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('batch', argv, ctx, {}, async ({ values, positionals, target, open }) => {
    const [action, ...rest] = positionals;
    const json = values.json === true;
    const known = async (m: Manager, id: string) => {
      const progress = await m.batch(id).progress();
      if (progress.total === 0) {
        throw new NotFoundError(
          `expected batch "${id}" in namespace "${target.namespace}", found none (create it with: steadystate batch create ${id} ITEM...)`,
        );
      }
      return progress;
    };
    switch (action) {
      case 'create': {
        if (rest.length < 2)
          throw new UsageError(`expected ID ITEM..., found ${rest.length ? 'no ITEM' : 'nothing'}`);
        const [id, ...items] = rest as [string, ...string[]];
        await open((m) => m.batch(id).create(items));
        emit(ctx, json, { id, total: items.length }, `Batch ${id}: ${plural(items.length, 'item')}`);
        return EXIT.ok;
      }
      case 'next': {
        const [id] = positionalsFor(rest, ['ID']) as [string];
        const { item, progress } = await open(async (m) => {
          const progress = await known(m, id);
          return { item: await m.batch(id).next(), progress };
        }, MISSING_IS_EMPTY);
        if (item === undefined) {
          throw new NotFoundError(
            `expected a pending item in batch "${id}", found none (${progress.completed.length} completed, ${progress.failed.length} failed)`,
          );
        }
        emit(ctx, json, { id, item }, item);
        return EXIT.ok;
      }
      case 'done':
      case 'complete':
      case 'fail': {
        const names = action === 'fail' ? ['ID', 'ITEM', 'REASON'] : ['ID', 'ITEM'];
        const [id, item, reason] = positionalsFor(rest, names) as [string, string, string?];
        await open(async (m) => {
          await known(m, id);
          const run = m.batch(id);
          await (action === 'fail' ? run.fail(item, reason) : run.complete(item));
        }, MISSING_IS_EMPTY);
        const state = action === 'fail' ? 'failed' : 'completed';
        emit(ctx, json, { id, item, state }, `${id}: ${item} ${state}`);
        return EXIT.ok;
      }
      case 'status': {
        const [id] = positionalsFor(rest, ['ID']) as [string];
        const p = await open((m) => known(m, id), MISSING_IS_EMPTY);
        if (json) {
          // the documented fields (progress() also has createdAt and updatedAt)
          const { total, completed, failed, pending } = p;
          emit(ctx, true, { id, total, completed, failed, pending }, '');
          return EXIT.ok;
        }
        const c = colors(ctx.color);
        const lines = [
          `${id}: ${p.completed.length} of ${p.total} completed, ${p.failed.length} failed, ${p.pending} pending`,
          ...p.failed.map((f) => `  ${c.red('failed')} ${oneLineText(f.item)}: ${oneLineText(f.error)}`),
        ];
        ctx.stdout.write(`${lines.join('\n')}\n`);
        return EXIT.ok;
      }
      default:
        throw new UsageError(
          `expected a batch action (create, next, done, fail, status), found ${action === undefined ? 'nothing' : JSON.stringify(action)}`,
        );
    }
  });
}
