#!/usr/bin/env node
/**
 * Checks every `<root>/<name>/SKILL.md` against the portable Agent Skills rules
 * (agentskills.io specification): frontmatter keys, name, description, optional
 * fields, body length, and the relative files the body points to.
 *
 *   node skills/validate-skills.mjs [ROOT]     (ROOT defaults to the folder of this script)
 *
 * Prints one line per problem, `<file>: <key>: <what> [<rule>]`, and exits 1 when
 * there is any. Plain Node, no dependencies: the frontmatter is parsed by a small
 * reader for the YAML subset skills use (plain, quoted and block scalars, a flat
 * string map, a list); anything else is reported, not guessed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ALLOWED_KEYS = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'];
export const MAX_BODY_LINES = 500;
const RESERVED = ['anthropic', 'claude'];

/** A frontmatter the reader could not parse. */
export class FrontmatterSyntaxError extends Error {
  constructor(line, message) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

function unquote(raw, lineNo) {
  const text = raw.trim();
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new FrontmatterSyntaxError(lineNo, 'unterminated "');
    try {
      return JSON.parse(text);
    } catch {
      throw new FrontmatterSyntaxError(lineNo, `cannot read the double-quoted string ${text}`);
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new FrontmatterSyntaxError(lineNo, "unterminated '");
    return text.slice(1, -1).replaceAll("''", "'");
  }
  const plain = text.replace(/\s+#.*$/, '');
  if (/^[&*!|>%@`]/.test(plain) || plain.startsWith('{'))
    throw new FrontmatterSyntaxError(lineNo, `unsupported YAML value ${plain}`);
  return plain;
}

function flowList(raw, lineNo) {
  const inner = raw.trim().slice(1, -1).trim();
  if (inner === '') return [];
  return inner.split(',').map((item) => unquote(item, lineNo));
}

function blockScalar(indicator, lines, start) {
  const folded = indicator.startsWith('>');
  const chomp = indicator.includes('-') ? 'strip' : indicator.includes('+') ? 'keep' : 'clip';
  const body = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() !== '' && !/^\s/.test(line)) break;
    body.push(line);
  }
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.match(/^\s*/)[0].length));
  const text = body.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  while (chomp !== 'keep' && text.length > 0 && text[text.length - 1].trim() === '') text.pop();
  let value = folded ? text.join('\n').replace(/([^\n])\n(?=[^\n])/g, '$1 ') : text.join('\n');
  if (chomp === 'clip' && value !== '') value += '\n';
  return { value: folded ? value.trimEnd() : value, next: i };
}

/**
 * Reads the frontmatter subset: `key: value` lines; values plain, quoted, `>`/`|` block
 * scalars, `[a, b]` flow lists, or an indented block (a `k: v` map or a `- item` list).
 */
export function parseFrontmatterBlock(text, firstLine = 2) {
  const lines = text.split('\n');
  const data = {};
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const lineNo = firstLine + i;
    if (line.trim() === '' || line.trimStart().startsWith('#')) {
      i++;
      continue;
    }
    const m = line.match(/^([A-Za-z0-9_-]+):(?:\s+(.*))?$/);
    if (!m) throw new FrontmatterSyntaxError(lineNo, `expected "key: value", found ${JSON.stringify(line)}`);
    const key = m[1];
    const rest = (m[2] ?? '').trim();
    if (Object.hasOwn(data, key)) throw new FrontmatterSyntaxError(lineNo, `key ${key} appears twice`);
    i++;
    if (/^[>|][+-]?$/.test(rest)) {
      const block = blockScalar(rest, lines, i);
      data[key] = block.value;
      i = block.next;
    } else if (rest.startsWith('[')) {
      if (!rest.endsWith(']')) throw new FrontmatterSyntaxError(lineNo, 'unterminated [ list');
      data[key] = flowList(rest, lineNo);
    } else if (rest === '') {
      const nested = [];
      while (i < lines.length && (lines[i].trim() === '' || /^\s/.test(lines[i]))) {
        if (lines[i].trim() !== '') nested.push([firstLine + i, lines[i].trim()]);
        i++;
      }
      if (nested.length === 0) data[key] = null;
      else if (nested.every(([, l]) => l.startsWith('- ')))
        data[key] = nested.map(([n, l]) => unquote(l.slice(2), n));
      else {
        const map = {};
        for (const [n, l] of nested) {
          const kv = l.match(/^("[^"]*"|'[^']*'|[^:\s][^:]*):(?:\s+(.*))?$/);
          if (!kv)
            throw new FrontmatterSyntaxError(
              n,
              `expected "key: value" in ${key}, found ${JSON.stringify(l)}`,
            );
          if ((kv[2] ?? '').trim() === '')
            throw new FrontmatterSyntaxError(n, `${key} nests deeper than one level`);
          map[unquote(kv[1], n)] = unquote(kv[2], n);
        }
        data[key] = map;
      }
    } else {
      data[key] = unquote(rest, lineNo);
    }
  }
  return data;
}

/** Splits a SKILL.md into `{ data, body, bodyStartLine }`; `data` undefined when there is no frontmatter. */
export function splitSkill(source) {
  const text = source.replace(/^\uFEFF/, '').replaceAll('\r\n', '\n');
  if (!text.startsWith('---\n')) return { data: undefined, body: text, bodyStartLine: 1 };
  const end = text.indexOf('\n---', 3);
  if (end === -1 || !/^\n---[ \t]*(\n|$)/.test(text.slice(end)))
    return { data: undefined, body: text, bodyStartLine: 1 };
  const block = text.slice(4, end + 1);
  const after = text.slice(end + 4).replace(/^[ \t]*\n?/, '');
  const bodyStartLine = block.split('\n').length + 2;
  return { data: parseFrontmatterBlock(block), body: after, bodyStartLine };
}

const isString = (v) => typeof v === 'string';

/** Relative files a body points to: markdown link targets and `references/...`-style code spans. */
export function referencedPaths(body) {
  const out = new Set();
  for (const m of body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.add(m[1]);
  for (const m of body.matchAll(/`((?:references|templates|scripts|assets)\/[^`\s]+)`/g)) out.add(m[1]);
  return [...out]
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((t) => t.replace(/#.*$/, '').replace(/\?.*$/, ''))
    .filter((t) => t !== '');
}

/**
 * Problems of one skill folder: `{ file, key, rule, message }` each, `file` relative to `cwd`.
 * `key` is the frontmatter key, `body`, or `frontmatter`.
 */
export function validateSkill(skillDir, { cwd = process.cwd() } = {}) {
  const skillFile = join(skillDir, 'SKILL.md');
  const file = relative(cwd, skillFile) || skillFile;
  const problems = [];
  const add = (key, rule, message) => problems.push({ file, key, rule, message });
  const folder = skillDir.split(sep).filter(Boolean).at(-1) ?? '';

  if (!existsSync(skillFile)) {
    add('frontmatter', 'missing-skill-md', 'a skill folder needs a SKILL.md');
    return problems;
  }
  let parsed;
  try {
    parsed = splitSkill(readFileSync(skillFile, 'utf8'));
  } catch (err) {
    add('frontmatter', 'frontmatter-syntax', `cannot be read: ${err.message}`);
    return problems;
  }
  const { data, body } = parsed;
  if (data === undefined) {
    add(
      'frontmatter',
      'missing-frontmatter',
      'expected the file to start with a --- YAML frontmatter --- block',
    );
    return problems;
  }

  for (const key of Object.keys(data))
    if (!ALLOWED_KEYS.includes(key))
      add(key, 'unknown-key', `not a portable frontmatter key (allowed: ${ALLOWED_KEYS.join(', ')})`);

  const name = data.name;
  if (name === undefined || name === null || name === '') add('name', 'required', 'is required');
  else if (!isString(name)) add('name', 'type', `expected a string, found ${JSON.stringify(name)}`);
  else {
    if (name.length > 64) add('name', 'max-length', `expected at most 64 characters, found ${name.length}`);
    if (!/^[a-z0-9-]+$/.test(name))
      add('name', 'charset', `expected only a-z, 0-9 and -, found ${JSON.stringify(name)}`);
    if (name.startsWith('-') || name.endsWith('-'))
      add('name', 'hyphen-edge', `must not start or end with a hyphen, found ${JSON.stringify(name)}`);
    if (name.includes('--'))
      add('name', 'double-hyphen', `must not contain "--", found ${JSON.stringify(name)}`);
    for (const word of RESERVED)
      if (name.includes(word))
        add('name', 'reserved-word', `must not contain "${word}", found ${JSON.stringify(name)}`);
    if (name !== folder)
      add(
        'name',
        'matches-folder',
        `expected the folder name ${JSON.stringify(folder)}, found ${JSON.stringify(name)}`,
      );
  }

  const description = data.description;
  if (description === undefined || description === null || description === '')
    add('description', 'required', 'is required');
  else if (!isString(description))
    add('description', 'type', `expected a string, found ${JSON.stringify(description)}`);
  else {
    if (description.length > 1024)
      add('description', 'max-length', `expected at most 1024 characters, found ${description.length}`);
    if (/[<>]/.test(description)) add('description', 'no-angle-brackets', 'must not contain < or >');
    if (!/\bwhen\b/i.test(description))
      add(
        'description',
        'says-when',
        'expected what the skill does and when to use it ("Use when ..."), found no "when"',
      );
  }

  if ('license' in data && !(isString(data.license) && data.license.trim() !== ''))
    add('license', 'type', `expected a non-empty string, found ${JSON.stringify(data.license)}`);
  if ('compatibility' in data) {
    const c = data.compatibility;
    if (!isString(c) || c.trim() === '')
      add('compatibility', 'type', `expected a non-empty string, found ${JSON.stringify(c)}`);
    else if (c.length > 500)
      add('compatibility', 'max-length', `expected at most 500 characters, found ${c.length}`);
  }
  if ('metadata' in data) {
    const m = data.metadata;
    if (m === null || typeof m !== 'object' || Array.isArray(m))
      add('metadata', 'type', `expected a map of strings to strings, found ${JSON.stringify(m)}`);
    else
      for (const [k, v] of Object.entries(m))
        if (!isString(v))
          add('metadata', 'type', `expected a string value for ${k}, found ${JSON.stringify(v)}`);
  }
  if ('allowed-tools' in data) {
    const tools = data['allowed-tools'];
    if (!(isString(tools) && tools.trim() !== ''))
      add(
        'allowed-tools',
        'type',
        `expected a space-delimited string of tools, found ${JSON.stringify(tools)}`,
      );
    else
      for (const tool of tools.trim().split(/\s+/))
        if ((tool.match(/\(/g) ?? []).length !== (tool.match(/\)/g) ?? []).length)
          add(
            'allowed-tools',
            'tool-syntax',
            `expected each space-separated tool to be whole, e.g. Bash(git:*), found ${JSON.stringify(tool)} (a space inside parentheses splits it)`,
          );
  }

  const bodyLines = body.replace(/\n$/, '').split('\n').length;
  if (body.trim() === '') add('body', 'body-empty', 'expected instructions after the frontmatter');
  else if (bodyLines >= MAX_BODY_LINES)
    add(
      'body',
      'body-too-long',
      `expected under ${MAX_BODY_LINES} lines, found ${bodyLines}; move detail to references/`,
    );

  for (const target of referencedPaths(body)) {
    const parts = target.replace(/^\.\//, '').split('/');
    if (target.startsWith('/') || parts.includes('..'))
      add('body', 'relative-path', `expected a path inside the skill folder, found ${target}`);
    else if (parts.length > 2)
      add(
        'body',
        'one-level-deep',
        `expected a file at most one folder deep (references/x.md), found ${target}`,
      );
    else if (!existsSync(join(skillDir, ...parts)))
      add('body', 'file-exists', `links to ${target}, which does not exist`);
  }
  return problems;
}

/** Problems of every skill folder (a folder holding SKILL.md) directly under `root`. */
export function validateSkills(root, opts = {}) {
  const problems = [];
  for (const entry of readdirSync(root).sort()) {
    const dir = join(root, entry);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'SKILL.md'))) continue;
    problems.push(...validateSkill(dir, opts));
  }
  return problems;
}

export const formatProblem = (p) => `${p.file}: ${p.key}: ${p.message} [${p.rule}]`;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
  const skills = readdirSync(root).filter((d) => existsSync(join(root, d, 'SKILL.md')));
  const problems = validateSkills(root);
  for (const p of problems) console.error(formatProblem(p));
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s) in ${skills.length} skill(s)`);
    process.exit(1);
  }
  console.log(`${skills.length} skill(s) valid: ${skills.join(', ')}`);
}
