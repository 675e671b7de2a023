/**
 * A Claude Code settings.json, read as text plus the places of its command hooks,
 * so install/uninstall can rewrite only those strings and leave every other byte.
 */
import { constants } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { type JsonNode, JsonSyntaxError, member, parseJsonTree } from './json-tree.js';

/** One `{"type": "command", "command": ...}` hook and where its command string sits. */
export interface CommandHook {
  /** `PreToolUse`, `Stop`, ... */
  event: string;
  /** The matcher of its group, when there is one. */
  matcher: string | undefined;
  /** The command, a shell string. */
  command: string;
  /** The hook's `timeout` in seconds, when set. */
  timeout: number | undefined;
  /** `hooks.PreToolUse[0].hooks[1]` */
  location: string;
  /** Offsets of the command's JSON string token, quotes included. */
  start: number;
  end: number;
}

/** A settings file as read. */
export interface SettingsDocument {
  path: string;
  /** The file's text ('' when it does not exist or is empty). */
  text: string;
  exists: boolean;
  commands: CommandHook[];
  /** Hooks of another type (`prompt`, `agent`, `http`): kept as they are. */
  otherHooks: number;
  /** Parts with an unexpected shape, left as they are. */
  warnings: string[];
}

/** The settings file does not exist (and creating it was not asked for). */
export class SettingsNotFoundError extends Error {
  readonly code = 'ESETTINGSMISSING' as const;
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(
      `guardrails: expected a settings file at ${path}, found none (pass --create to start one)`,
      options,
    );
    this.name = 'SettingsNotFoundError';
  }
}

/** The settings file is not valid JSON. */
export class SettingsSyntaxError extends Error {
  readonly code = 'ESETTINGSJSON' as const;
  readonly line: number;
  readonly column: number;
  constructor(
    readonly path: string,
    cause: JsonSyntaxError,
  ) {
    super(
      `guardrails: expected valid JSON in ${path}, found ${cause.found} at line ${cause.line} column ${cause.column} (expected ${cause.expected}); nothing was written`,
      { cause },
    );
    this.name = 'SettingsSyntaxError';
    this.line = cause.line;
    this.column = cause.column;
  }
}

/** The settings JSON is valid but not shaped like Claude Code settings. */
export class SettingsShapeError extends Error {
  readonly code = 'ESETTINGSSHAPE' as const;
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`guardrails: expected ${what} in ${path}; nothing was written`);
    this.name = 'SettingsShapeError';
  }
}

/** Reads and parses a settings file. A missing file is an error unless `create`. */
export async function readSettings(path: string, opts: { create?: boolean } = {}): Promise<SettingsDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (!opts.create) throw new SettingsNotFoundError(path, { cause: err });
    return { path, text: '', exists: false, commands: [], otherHooks: 0, warnings: [] };
  }
  return parseSettings(path, text);
}

/** Parses settings text; an empty (or blank) text has no hooks. */
export function parseSettings(path: string, text: string): SettingsDocument {
  const doc: SettingsDocument = { path, text, exists: true, commands: [], otherHooks: 0, warnings: [] };
  if (text.replace(/^\uFEFF/, '').trim() === '') return doc;
  let root: JsonNode;
  try {
    root = parseJsonTree(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new SettingsSyntaxError(path, err);
    throw err;
  }
  if (root.kind !== 'object')
    throw new SettingsShapeError(path, `a JSON object at the top, found ${root.kind}`);
  const hooks = member(root, 'hooks');
  if (hooks === undefined || hooks.kind === 'null') return doc;
  if (hooks.kind !== 'object')
    throw new SettingsShapeError(path, `"hooks" to be an object, found ${hooks.kind}`);
  for (const { key: event, value: groups } of hooks.entries) {
    if (groups.kind !== 'array') {
      doc.warnings.push(`hooks.${event} is not an array: left as it is`);
      continue;
    }
    groups.items.forEach((group, g) => {
      collectGroup(doc, event, group, `hooks.${event}[${g}]`);
    });
  }
  return doc;
}

function collectGroup(doc: SettingsDocument, event: string, group: JsonNode, where: string): void {
  const list = member(group, 'hooks');
  if (group.kind !== 'object' || list?.kind !== 'array') {
    doc.warnings.push(`${where} has no "hooks" array: left as it is`);
    return;
  }
  const matcherNode = member(group, 'matcher');
  const matcher = matcherNode?.kind === 'string' ? matcherNode.value : undefined;
  list.items.forEach((hook, h) => {
    const location = `${where}.hooks[${h}]`;
    const type = member(hook, 'type');
    const command = member(hook, 'command');
    if (type?.kind === 'string' && type.value !== 'command') {
      doc.otherHooks++;
      return;
    }
    if (type?.kind !== 'string' || command?.kind !== 'string') {
      doc.warnings.push(`${location} is not a {"type": "command", "command": "..."} hook: left as it is`);
      return;
    }
    const timeout = member(hook, 'timeout');
    doc.commands.push({
      event,
      matcher,
      command: command.value,
      timeout: timeout?.kind === 'number' ? timeout.value : undefined,
      location,
      start: command.start,
      end: command.end,
    });
  });
}

/** `<path>.guardrails-backup-2026-02-10T10-11-12-345Z`, a copy of the current file (never overwriting one). */
export async function backupSettings(path: string, now: number): Promise<string> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  for (let n = 1; ; n++) {
    const target = `${path}.guardrails-backup-${stamp}${n === 1 ? '' : `-${n}`}`;
    try {
      await copyFile(path, target, constants.COPYFILE_EXCL);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw err;
    }
  }
}
