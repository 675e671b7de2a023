import { copyNamespace } from '@steadystate/checkpoint';
import { EXIT, UsageError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { parseFlags, positionalsFor } from '../flags.js';
import { emit, plural } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { openManager } from '../open-manager.js';
import { progressBar } from '../progress.js';
import { runCommand } from '../run-command.js';
import { parseSpec } from '../spec.js';
import { describeTarget, resolveTarget } from '../target.js';

export const help = `Usage: steadystate copy --from SPEC --to SPEC [--keys-only]

Copies every key of a namespace, and its checkpoints, to another backend or
namespace, then verifies the copy by content hash. This is how you move from
json to sqlite, or from sqlite to redis, without code changes.

SPEC:
  json:./state              a json folder (json: alone is .steadystate)
  sqlite:./state.db         an SQLite file (sqlite: alone is .steadystate.db)
  redis://127.0.0.1:6379/0  a Redis server (rediss:// for TLS)
  ...#NAMESPACE             any of them with a namespace; default: --namespace,
                            $STEADYSTATE_NAMESPACE, else "default"

Options:
  --from SPEC    where to copy from
  --to SPEC      where to copy to
  --keys-only    copy the keys only, not the checkpoints

Shows a progress bar on stderr when it is a terminal. Prints what was copied
(--json: {"from", "to", "keys", "checkpoints", "verified"}).

Example:
  steadystate copy --from json:.steadystate --to sqlite:state.db

${GLOBAL_HELP}

Exit codes: 0 copied and verified, 1 failure, 64 usage.
`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  'keys-only': { type: 'boolean' },
} as const;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('copy', ctx, async () => {
    const { values, positionals } = parseFlags(argv, OPTIONS);
    positionalsFor(positionals, []);
    if (values.from === undefined || values.to === undefined) {
      const missing = [values.from === undefined && '--from', values.to === undefined && '--to'].filter(
        Boolean,
      );
      throw new UsageError(`expected --from SPEC and --to SPEC, found no ${missing.join(' and no ')}`);
    }
    const namespace = resolveTarget({ namespace: values.namespace }, ctx.env).namespace;
    const from = parseSpec(values.from, namespace, '--from');
    const to = parseSpec(values.to, namespace, '--to');
    if (describeTarget(from) === describeTarget(to)) {
      throw new UsageError(`expected --to to differ from --from, found both ${describeTarget(from)}`);
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
