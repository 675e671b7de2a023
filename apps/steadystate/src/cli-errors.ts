/** Exit codes and the CLI's own failures; library errors are mapped in `run-command.ts`. */

/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, fresh: 2, conflict: 3, notFound: 4, usage: 64 } as const;

/** The command line does not fit the command (unknown flag, missing KEY, bad VALUE, ...): exit 64. */
export class UsageError extends Error {
  readonly code = 'EUSAGE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`steadystate: ${message}`, options);
    this.name = 'UsageError';
  }
}

/** A key, checkpoint or batch that the command needs does not exist: exit 4. */
export class NotFoundError extends Error {
  readonly code = 'ENOTFOUND' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`steadystate: ${message}`, options);
    this.name = 'NotFoundError';
  }
}

/** A backend's optional npm package (better-sqlite3, ioredis) is not installed: exit 1. */
export class MissingPeerError extends Error {
  readonly code = 'EMISSINGPEER' as const;
  constructor(
    readonly backend: string,
    readonly packageName: string,
    options?: { cause?: unknown },
  ) {
    super(
      `steadystate: the ${backend} backend needs the npm package "${packageName}", which is not installed; install it next to steadystate (npm install ${packageName}, or npm install -g ${packageName} for a global steadystate)`,
      options,
    );
    this.name = 'MissingPeerError';
  }
}
