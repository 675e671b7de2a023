import { copyNamespace } from '@steadystate/checkpoint';
import { EXIT, UsageError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { parseFlags, positionalsFor } from '../flags.js';
import { emit, plural } from '../format.js';
import { openManager } from '../open-manager.js';
import { progressBar } from '../progress.js';
import { runCommand } from '../run-command.js';
import { parseSpec } from '../spec.js';
import { describeTarget, redactUrlText, resolveNamespace, sameTarget } from '../target.js';

/** The help of `copy` and of its other name `migrate` (seed 004's). */
export function copyHelp(name: 'copy' | 'migrate'): string {
  return `Usage: steadystate ${name} --from SPEC --to SPEC [--keys-only] [--namespace NS] [--json]

Copies every key of a namespace, and its checkpoints, to another backend or
namespace, then verifies the copy by content hash. This is how you move from
json to sqlite, or from sqlite to redis, without code changes.

migrate is another name for copy (seed 004's "migrate --from json --to sqlite"):
same options, same result.

SPEC:
  json:./state              a json folder
  sqlite:./state.db         an SQLite file
  redis://127.0.0.1:6379/0  a Redis server (rediss:// for TLS)
  json, sqlite or redis     the backend alone (or json:, sqlite:) is its default place:
                              json    .steadystate
                              sqlite  .steadystate.db
                              redis   redis://127.0.0.1:6379
                            (always these: $STEADYSTATE_DIR/_FILE/_URL do not apply)
  ...#NAMESPACE             any of them with a namespace; default: --namespace,
                            $STEADYSTATE_NAMESPACE, else "default"

Options:
  --from SPEC    where to copy from
  --to SPEC      where to copy to
  --keys-only    copy the keys only, not the checkpoints
  --namespace NS the namespace of a SPEC without #NAMESPACE
  --json         print {"from", "to", "keys", "checkpoints", "verified"}

The locations are in the SPECs, so --backend, --dir, --file and --url are refused.
Shows a progress bar on stderr when it is a terminal (one step per checkpoint and
per key). Prints what was copied.

Examples:
  steadystate ${name} --from json --to sqlite
  steadystate ${name} --from json:.steadystate --to sqlite:state.db
  steadystate ${name} --from sqlite:state.db#w1 --to redis://127.0.0.1:6379/0

Exit codes: 0 copied and verified, 1 failure, 64 usage.
`;
}

export const help = copyHelp('copy');

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  'keys-only': { type: 'boolean' },
} as const;

/** `copy` and `migrate`: `name` is the one the user typed (for help hints). */
export function runCopy(name: 'copy' | 'migrate', argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand(name, ctx, async () => {
    const { values, positionals } = parseFlags(argv, OPTIONS);
    positionalsFor(positionals, []);
    const location = (['backend', 'dir', 'file', 'url'] as const).find((f) => values[f] !== undefined);
    if (location !== undefined) {
      throw new UsageError(
        `expected the location in --from and --to (like --to sqlite:state.db), found --${location} ${JSON.stringify(location === 'url' ? redactUrlText(String(values[location])) : values[location])}; ${name} takes no --backend, --dir, --file or --url`,
      );
    }
    if (values.from === undefined || values.to === undefined) {
      const missing = [values.from === undefined && '--from', values.to === undefined && '--to'].filter(
        Boolean,
      );
      throw new UsageError(`expected --from SPEC and --to SPEC, found no ${missing.join(' and no ')}`);
    }
    const namespace = resolveNamespace(values, ctx.env);
    const from = parseSpec(values.from, namespace, '--from');
    const to = parseSpec(values.to, namespace, '--to');
    if (sameTarget(from, to, ctx.cwd)) {
      const [a, b] = [describeTarget(from), describeTarget(to)];
      throw new UsageError(
        `expected --to to differ from --from, found both ${a === b ? a : `${a} and ${b}, the same place`}`,
      );
    }
    const source = await openManager(from, ctx.cwd);
    try {
      const dest = await openManager(to, ctx.cwd);
      const bar = progressBar(ctx.stderr, ctx.progress && !values.json, 'copying');
      try {
        const result = await copyNamespace(source.manager, dest.manager, {
          checkpoints: values['keys-only'] !== true,
          onProgress: bar.onProgress,
        });
        bar.finish();
        const data = { from: describeTarget(from), to: describeTarget(to), ...result };
        emit(
          ctx,
          values.json,
          data,
          `Copied ${plural(result.keys, 'key')} and ${plural(result.checkpoints, 'checkpoint')} from ${data.from} to ${data.to} (verified)`,
        );
        return EXIT.ok;
      } finally {
        bar.finish();
        await dest.close();
      }
    } finally {
      await source.close();
    }
  });
}

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCopy('copy', argv, ctx);
}
