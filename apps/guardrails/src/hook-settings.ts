// The settings of a hook's breaker (what config files, the environment and flags set), without
// the zod schema of a config file (config-schema.ts): `run` loads that only when a file exists.

/** The settings of one hook's breaker. */
export interface HookSettings {
  /** Consecutive failures that open the breaker. @default 3 */
  failureThreshold: number;
  /** Consecutive trial successes that close it again. @default 2 */
  successThreshold: number;
  /** How long it stays open before a trial; fractional seconds allowed. @default 300 */
  cooldownSeconds: number;
  /** Kill the command after this long (exit 124); 0 = never. @default 60 */
  timeoutSeconds: number;
  /** While open: `skip` (exit 0 with a systemMessage) or `block` (exit 2, reason on stderr). @default "skip" */
  onOpen: 'skip' | 'block';
}

/** The longest delay Node's timers take: 2^31-1 ms (about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The built-in defaults. */
export const DEFAULT_SETTINGS: Readonly<HookSettings> = Object.freeze({
  failureThreshold: 3,
  successThreshold: 2,
  cooldownSeconds: 300,
  timeoutSeconds: 60,
  onOpen: 'skip',
});

/** The keys of {@link HookSettings}, in display order. */
export const SETTING_KEYS = [
  'failureThreshold',
  'successThreshold',
  'cooldownSeconds',
  'timeoutSeconds',
  'onOpen',
] as const satisfies readonly (keyof HookSettings)[];

/** What each key expects, for messages. */
export const EXPECTED: Record<keyof HookSettings, string> = {
  failureThreshold: 'an integer >= 1',
  successThreshold: 'an integer >= 1',
  cooldownSeconds: 'a number of seconds > 0',
  timeoutSeconds: 'a number of seconds >= 0 (0 = no timeout)',
  onOpen: '"skip" or "block"',
};
