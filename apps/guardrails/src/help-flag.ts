/**
 * True when a command's own arguments (those before a `--`) ask for its help; a
 * `--help` after `--` belongs to the hook command.
 */
export function asksForHelp(args: readonly string[]): boolean {
  const dashdash = args.indexOf('--');
  const own = dashdash === -1 ? args : args.slice(0, dashdash);
  return own.includes('--help') || own.includes('-h');
}
