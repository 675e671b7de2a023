/** Help text shared by the usage and every command. */

/** Global options, in every help text. */
export const GLOBAL_HELP = `Global options (before or after the command):
  --backend json|sqlite|redis  where state lives ($STEADYSTATE_BACKEND; default json,
                               or what --dir / --file / --url imply, else what
                               $STEADYSTATE_DIR / _FILE / _URL imply when one is set)
  --namespace NS               a separate set of keys ($STEADYSTATE_NAMESPACE; default "default")
  --dir DIR                    json: the folder ($STEADYSTATE_DIR; default .steadystate)
  --file PATH                  sqlite: the database file ($STEADYSTATE_FILE; default .steadystate.db)
  --url URL                    redis: the server ($STEADYSTATE_URL; default redis://127.0.0.1:6379)
  --json                       print data as JSON`;

/** Exit codes shared by every command. */
export const EXIT_CODES = `Exit codes:
  0   ok (stale: the session is stale)
  1   failure (backend unreachable, a missing optional package, ...)
  2   stale: the session is fresh
  3   conflict (--if-revision did not match; batch create with other items)
  4   not found (key, checkpoint, batch, a session's heartbeat; batch next: nothing pending)
  64  usage error (unknown command or flag, missing or bad argument)`;
