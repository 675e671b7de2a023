/** A config file (or a GUARDRAILS_* variable) is not what guardrails expects. */
export class ConfigError extends Error {
  readonly code = 'ECONFIG' as const;
  constructor(
    /** The file, or `env:GUARDRAILS_X` for an environment variable, or `flag` for a command-line flag. */
    readonly file: string,
    /** The key path, e.g. `hooks.lint.cooldownSeconds`; `(file)` when the file itself is unreadable. */
    readonly key: string,
    /** What was expected, e.g. `a number > 0`. */
    readonly expected: string,
    /** What was found, as short text. */
    readonly found: string,
    options?: { cause?: unknown },
  ) {
    super(`guardrails: expected ${key} in ${file} to be ${expected}, found ${found}`, options);
    this.name = 'ConfigError';
  }
}

/** Short text of a config value for messages. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
