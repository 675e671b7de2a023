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
 * string map, a list); anything else is reported, not guessed. Unquoted values are read
 * as YAML reads them: `1.0`, `true`, `yes`, `null` or `2024-05-01` are not strings, and a
 * value YAML would reject or cut (`Use when: x`, `x # y`, a leading `-`, `,`, `%`...) is a
 * syntax problem; quote such values.
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

// YAML's implicit types for plain (unquoted) scalars. The target parser is not documented, so
// this is the union of YAML 1.2 (core schema, as js-yaml and `yaml` read by default) and
// YAML 1.1 (yes/no/on/off, 0777 octal, 1_000, 1:30 sexagesimal), plus js-yaml's timestamps:
// a value any of them reads as a non-string is not a string.
const YAML_NULL = /^(?:~|null|Null|NULL)$/;
const YAML_TRUE = /^(?:true|True|TRUE|yes|Yes|YES|on|On|ON|y|Y)$/;
const YAML_FALSE = /^(?:false|False|FALSE|no|No|NO|off|Off|OFF|n|N)$/;
const YAML_INT = /^[-+]?(?:[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$/;
const YAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$/;
const YAML_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML_INF_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const YAML_TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$/;

function yamlNumber(text) {
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/^[-+]/, '').replaceAll('_', '');
  if (YAML_INF_NAN.test(text)) return /nan/i.test(text) ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  if (digits.includes(':')) return sign * digits.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  return sign * Number(/^0o/.test(digits) ? `0o${digits.slice(2)}` : digits);
}

/** What YAML reads for an unquoted scalar: null, a boolean, a number, a Date, or the text itself. */
function resolvePlain(text) {
  if (text === '' || YAML_NULL.test(text)) return null;
  if (YAML_TRUE.test(text)) return true;
  if (YAML_FALSE.test(text)) return false;
  if (YAML_INT.test(text) || YAML_FLOAT.test(text) || YAML_SEXAGESIMAL.test(text) || YAML_INF_NAN.test(text))
    return yamlNumber(text);
  const t = text.match(YAML_TIMESTAMP);
  if (t) return new Date(Date.UTC(+t[1], +t[2] - 1, +t[3], +(t[4] ?? 0), +(t[5] ?? 0), +(t[6] ?? 0)));
  return text;
}

/**
 * An unquoted scalar, judged as YAML does: it cannot start with an indicator, a `: ` inside
 * starts a mapping (YAML rejects the line), and a ` #` starts a comment (YAML silently cuts
 * the value there), so those are reported; otherwise its implicit type is resolved.
 */
function plainScalar(text, lineNo, flow) {
  if (text.startsWith('#')) return null; // the whole value is a comment
  const quote = 'quote the value';
  if (/^[,[\]{}#&*!|>'"%@`]/.test(text) || /^[-?:](?:\s|$)/.test(text))
    throw new FrontmatterSyntaxError(
      lineNo,
      `unsupported YAML value ${text}: a leading "${text[0]}" is YAML syntax, not text; ${quote}`,
    );
  const comment = text.match(/[ \t]#/);
  if (comment)
    throw new FrontmatterSyntaxError(
      lineNo,
      `${JSON.stringify(text)} holds " #", where a YAML comment starts (YAML reads only ${JSON.stringify(text.slice(0, comment.index))}); ${quote}`,
    );
  if (/:(?:\s|$)/.test(text) || (flow && /:[,[\]{}]/.test(text)))
    throw new FrontmatterSyntaxError(
      lineNo,
      `${JSON.stringify(text)} holds ": ", which YAML reads as a nested "key: value", not text; ${quote}`,
    );
  if (flow && /[[\]{}]/.test(text))
    throw new FrontmatterSyntaxError(lineNo, `unsupported YAML value ${text} in a [ list; ${quote}`);
  return resolvePlain(text);
}

const DOUBLE_QUOTED_ESCAPES = {
  0: '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH = { x: 2, u: 4, U: 8 };

/** A quoted scalar at the start of `text`: `{ value, end }`, `end` just past the closing quote. */
function quotedScalar(text, lineNo) {
  const q = text[0];
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (q === "'" && c === "'") {
      if (text[i + 1] !== "'") return { value, end: i + 1 };
      value += "'";
      i++;
    } else if (q === '"' && c === '"') return { value, end: i + 1 };
    else if (q === '"' && c === '\\') {
      const e = text[i + 1];
      const hex = HEX_ESCAPE_LENGTH[e];
      const digits = hex ? text.slice(i + 2, i + 2 + hex) : '';
      if (hex && /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex) {
        value += String.fromCodePoint(Number.parseInt(digits, 16));
        i += 1 + hex;
      } else if (e !== undefined && Object.hasOwn(DOUBLE_QUOTED_ESCAPES, e)) {
        value += DOUBLE_QUOTED_ESCAPES[e];
        i++;
      } else throw new FrontmatterSyntaxError(lineNo, `cannot read the double-quoted string ${text}`);
    } else value += c;
  }
  throw new FrontmatterSyntaxError(lineNo, `unterminated ${q}`);
}

/** One scalar as YAML reads it: quoted (with its escapes) or plain (see plainScalar). */
function scalar(raw, lineNo, flow = false) {
  const text = raw.trim();
  if (!text.startsWith('"') && !text.startsWith("'")) return plainScalar(text, lineNo, flow);
  const { value, end } = quotedScalar(text, lineNo);
  const after = text.slice(end);
  if (after.trim() !== '' && !/^[ \t]+#/.test(after))
    throw new FrontmatterSyntaxError(
      lineNo,
      `unexpected ${after.trim()} after the quoted string ${text.slice(0, end)}`,
    );
  return value;
}

/** The items of a one-line `[a, "b", c]` flow list (commas inside quotes do not split). */
function flowList(raw, lineNo) {
  const inner = raw.trim().slice(1, -1);
  if (inner.trim() === '') return [];
  const items = [];
  let start = 0;
  let quote = null;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote === '"' && c === '\\') i++;
    else if (quote !== null) {
      if (c === quote && !(quote === "'" && inner[i + 1] === "'")) quote = null;
      else if (c === quote) i++;
    } else if ((c === '"' || c === "'") && inner.slice(start, i).trim() === '') quote = c;
    else if (c === ',') {
      items.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  const last = inner.slice(start);
  if (last.trim() !== '') items.push(last); // a trailing comma is allowed
  return items.map((item) => scalar(item, lineNo, true));
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
    const rest = (m[2] ?? '').trim().replace(/^#.*$/, ''); // `key: # comment` has no value on its line
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
        data[key] = nested.map(([n, l]) => scalar(l.slice(2), n));
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
          map[scalar(kv[1], n)] = scalar(kv[2], n);
        }
        data[key] = map;
      }
    } else {
      data[key] = scalar(rest, lineNo);
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
/** A value for a message: strings JSON-quoted, what YAML read as a number or date shown bare. */
const show = (v) =>
  typeof v === 'number'
    ? String(v)
    : v instanceof Date
      ? v.toISOString().replace('T00:00:00.000Z', '')
      : JSON.stringify(v);

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
  else if (!isString(name)) add('name', 'type', `expected a string, found ${show(name)}`);
  else {
    if (name.length > 64) add('name', 'max-length', `expected at most 64 characters, found ${name.length}`);
    if (!/^[a-z0-9-]+$/.test(name))
      add('name', 'charset', `expected only a-z, 0-9 and -, found ${show(name)}`);
    if (name.startsWith('-') || name.endsWith('-'))
      add('name', 'hyphen-edge', `must not start or end with a hyphen, found ${show(name)}`);
    if (name.includes('--')) add('name', 'double-hyphen', `must not contain "--", found ${show(name)}`);
    for (const word of RESERVED)
      if (name.includes(word))
        add('name', 'reserved-word', `must not contain "${word}", found ${show(name)}`);
    if (name !== folder)
      add('name', 'matches-folder', `expected the folder name ${show(folder)}, found ${show(name)}`);
  }

  const description = data.description;
  if (description === undefined || description === null || description === '')
    add('description', 'required', 'is required');
  else if (!isString(description))
    add('description', 'type', `expected a string, found ${show(description)}`);
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
    add('license', 'type', `expected a non-empty string, found ${show(data.license)}`);
  if ('compatibility' in data) {
    const c = data.compatibility;
    if (!isString(c) || c.trim() === '')
      add('compatibility', 'type', `expected a non-empty string, found ${show(c)}`);
    else if (c.length > 500)
      add('compatibility', 'max-length', `expected at most 500 characters, found ${c.length}`);
  }
  if ('metadata' in data) {
    const m = data.metadata;
    if (m === null || typeof m !== 'object' || Array.isArray(m))
      add('metadata', 'type', `expected a map of strings to strings, found ${show(m)}`);
    else
      for (const [k, v] of Object.entries(m))
        if (!isString(v)) add('metadata', 'type', `expected a string value for ${k}, found ${show(v)}`);
  }
  if ('allowed-tools' in data) {
    const tools = data['allowed-tools'];
    if (!(isString(tools) && tools.trim() !== ''))
      add('allowed-tools', 'type', `expected a space-delimited string of tools, found ${show(tools)}`);
    else
      for (const tool of tools.trim().split(/\s+/))
        if ((tool.match(/\(/g) ?? []).length !== (tool.match(/\)/g) ?? []).length)
          add(
            'allowed-tools',
            'tool-syntax',
            `expected each space-separated tool to be whole, e.g. Bash(git:*), found ${show(tool)} (a space inside parentheses splits it)`,
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
