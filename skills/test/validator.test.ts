import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import * as validator from '../validate-skills.mjs';

interface Problem {
  file: string;
  key: string;
  rule: string;
  message: string;
}
const { validateSkill, validateSkills, formatProblem, splitSkill } = validator as {
  validateSkill(dir: string, opts?: { cwd?: string }): Problem[];
  validateSkills(root: string, opts?: { cwd?: string }): Problem[];
  formatProblem(p: Problem): string;
  splitSkill(source: string): { data: Record<string, unknown> | undefined; body: string };
};

const SKILLS = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(SKILLS, 'validate-skills.mjs');

const good = {
  name: 'demo-skill',
  description: 'Does a demo thing. Use when a demo is needed.',
};

/** A skill folder in a temp root: `frontmatter` lines as written (null: no frontmatter block), `body` as given. */
function skill(folder: string, frontmatter: string | null, body = '# Demo\n\nText.\n', files: string[] = []) {
  const root = tempDir('skills-');
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SKILL.md'), frontmatter === null ? body : `---\n${frontmatter}\n---\n${body}`);
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'x');
  }
  return { root, dir };
}

const fm = (fields: Record<string, string>) =>
  Object.entries({ name: good.name, description: good.description, ...fields })
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

function problemsOf(folder: string, frontmatter: string, body?: string, files?: string[]) {
  const { root, dir } = skill(folder, frontmatter, body, files);
  return validateSkill(dir, { cwd: root });
}

describe('the skills of this repository', () => {
  it('all pass the portable Agent Skills rules', () => {
    const problems = validateSkills(SKILLS);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('node skills/validate-skills.mjs exits 0 and names every skill', async () => {
    const r = await runNode(SCRIPT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/skill\(s\) valid: .*state-management-patterns/);
  });
});

describe('validate-skills.mjs on bad skills', () => {
  it('accepts a minimal valid skill, with every optional key', () => {
    const optional = [
      'license: MIT',
      'compatibility: Node.js 20.19+',
      'metadata:',
      '  version: "1.0"',
      '  author: someone',
      'allowed-tools: Read Bash(git:*)',
    ].join('\n');
    expect(
      problemsOf('demo-skill', `${fm({})}\n${optional}`, '# Demo\n\nSee [a](references/a.md).\n', [
        'references/a.md',
      ]),
    ).toEqual([]);
  });

  const cases: Array<[string, string, string | null, string, string?, string[]?]> = [
    // [title, folder, frontmatter, expected key:rule, body, files]
    ['a missing name', 'demo-skill', fm({ name: '' }), 'name:required'],
    ['a name of 65 characters', 'a'.repeat(65), fm({ name: 'a'.repeat(65) }), 'name:max-length'],
    ['upper case in the name', 'Demo-Skill', fm({ name: 'Demo-Skill' }), 'name:charset'],
    ['a leading hyphen', '-demo', fm({ name: '-demo' }), 'name:hyphen-edge'],
    ['a trailing hyphen', 'demo-', fm({ name: 'demo-' }), 'name:hyphen-edge'],
    ['a double hyphen', 'demo--skill', fm({ name: 'demo--skill' }), 'name:double-hyphen'],
    ['"claude" in the name', 'claude-helper', fm({ name: 'claude-helper' }), 'name:reserved-word'],
    ['"anthropic" in the name', 'anthropic-x', fm({ name: 'anthropic-x' }), 'name:reserved-word'],
    ['a name other than the folder', 'other-folder', fm({}), 'name:matches-folder'],
    ['a missing description', 'demo-skill', fm({ description: '' }), 'description:required'],
    [
      'a description over 1024 chars',
      'demo-skill',
      fm({ description: `Use when ${'x'.repeat(1020)}` }),
      'description:max-length',
    ],
    [
      'angle brackets in the description',
      'demo-skill',
      fm({ description: 'Use when a <tag> appears.' }),
      'description:no-angle-brackets',
    ],
    [
      'a description without when',
      'demo-skill',
      fm({ description: 'Does things.' }),
      'description:says-when',
    ],
    ['an unknown key', 'demo-skill', fm({ version: '1.0.0' }), 'version:unknown-key'],
    [
      'compatibility over 500 chars',
      'demo-skill',
      fm({ compatibility: 'x'.repeat(501) }),
      'compatibility:max-length',
    ],
    ['metadata that is not a map', 'demo-skill', fm({ metadata: 'v1' }), 'metadata:type'],
    ['allowed-tools as a list', 'demo-skill', fm({ 'allowed-tools': '[Read, Bash]' }), 'allowed-tools:type'],
    [
      'a space inside a tool pattern',
      'demo-skill',
      fm({ 'allowed-tools': 'Read Bash(npx guardrails:*)' }),
      'allowed-tools:tool-syntax',
    ],
    ['a body of 500 lines', 'demo-skill', fm({}), 'body:body-too-long', 'line\n'.repeat(500)],
    ['an empty body', 'demo-skill', fm({}), 'body:body-empty', '\n'],
    [
      'a link to a missing file',
      'demo-skill',
      fm({}),
      'body:file-exists',
      'See [x](references/missing.md).\n',
    ],
    [
      'a file two levels deep',
      'demo-skill',
      fm({}),
      'body:one-level-deep',
      'See `references/a/b.md`.\n',
      ['references/a/b.md'],
    ],
    ['a path leaving the skill', 'demo-skill', fm({}), 'body:relative-path', 'See [x](../other/SKILL.md).\n'],
    ['no frontmatter', 'demo-skill', null, 'frontmatter:missing-frontmatter'],
    ['unparseable frontmatter', 'demo-skill', `${fm({})}\njust text`, 'frontmatter:frontmatter-syntax'],
    // Plain (unquoted) values, judged as YAML reads them.
    [
      'a ": " inside a plain description',
      'demo-skill',
      fm({ description: 'Checks things. Use when: a build breaks.' }),
      'frontmatter:frontmatter-syntax',
    ],
    [
      'a plain value ending in ":"',
      'demo-skill',
      fm({ description: 'Use when a build breaks:' }),
      'frontmatter:frontmatter-syntax',
    ],
    [
      'a ": " inside a plain metadata value',
      'demo-skill',
      `${fm({})}\nmetadata:\n  note: see: the README`,
      'frontmatter:frontmatter-syntax',
    ],
    [
      'a " #" inside a plain value (YAML cuts the value there)',
      'demo-skill',
      fm({ description: 'Use when issue #12 or #13 # recurs.' }),
      'frontmatter:frontmatter-syntax',
    ],
    ...['-', '?', ':'].map((c): [string, string, string, string] => [
      `a plain value starting with "${c} "`,
      'demo-skill',
      fm({ description: `${c} Use when x.` }),
      'frontmatter:frontmatter-syntax',
    ]),
    ...[',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`'].map(
      (c): [string, string, string, string] => [
        `a plain value starting with "${c}"`,
        'demo-skill',
        fm({ description: `${c}Use when x.` }),
        'frontmatter:frontmatter-syntax',
      ],
    ),
    [
      "a lone ' inside a single-quoted value",
      'demo-skill',
      fm({ license: "'it's MIT'" }),
      'frontmatter:frontmatter-syntax',
    ],
    [
      'text after a double-quoted value',
      'demo-skill',
      fm({ license: '"MIT" only' }),
      'frontmatter:frontmatter-syntax',
    ],
    [
      'an unknown escape in a double-quoted value',
      'demo-skill',
      fm({ license: '"a\\qb"' }),
      'frontmatter:frontmatter-syntax',
    ],
    [
      'a description of only a comment',
      'demo-skill',
      fm({ description: '# Use when x.' }),
      'description:required',
    ],
    ['a description of null', 'demo-skill', fm({ description: 'null' }), 'description:required'],
    ['a description of ~', 'demo-skill', fm({ description: '~' }), 'description:required'],
    ['a description of true', 'demo-skill', fm({ description: 'true' }), 'description:type'],
    ['a name of 123', '123', fm({ name: '123' }), 'name:type'],
    ['a license of No (YAML 1.1 false)', 'demo-skill', fm({ license: 'No' }), 'license:type'],
    ['a license of null', 'demo-skill', fm({ license: 'null' }), 'license:type'],
    ['a compatibility of 20.19', 'demo-skill', fm({ compatibility: '20.19' }), 'compatibility:type'],
    ['allowed-tools of yes', 'demo-skill', fm({ 'allowed-tools': 'yes' }), 'allowed-tools:type'],
    ...[
      '1.0',
      '2',
      '-1.5e3',
      '0x1F',
      '0o17',
      '1_000',
      '1:30',
      '.inf',
      '.NaN',
      'true',
      'False',
      'yes',
      'off',
      'on',
      'y',
      'null',
      'Null',
      '~',
      '2024-05-01',
    ].map((v): [string, string, string, string] => [
      `an unquoted metadata value ${v}`,
      'demo-skill',
      `${fm({})}\nmetadata:\n  version: ${v}`,
      'metadata:type',
    ]),
  ];

  it.each(cases)('%s', (_title, folder, frontmatter, expected, body, files) => {
    const { root, dir } = skill(folder, frontmatter, body, files);
    const problems = validateSkill(dir, { cwd: root });
    const [key, rule] = expected.split(':');
    const hit = problems.find((p) => p.key === key && p.rule === rule);
    expect(hit, JSON.stringify(problems)).toBeDefined();
    const line = formatProblem(hit!);
    expect(line.startsWith(join(folder, 'SKILL.md'))).toBe(true);
    expect(line).toContain(`${key}: `);
    expect(line).toContain(`[${rule}]`);
  });

  it('the CLI prints file, key and rule and exits 1', async () => {
    const { root } = skill('demo-skill', fm({ name: 'Demo' }));
    const r = await runNode(SCRIPT, [root], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${join('demo-skill', 'SKILL.md')}: name: expected only a-z, 0-9 and -, found "Demo" [charset]`,
    );
    expect(r.stderr).toMatch(/problem\(s\) in 1 skill\(s\)/);
  });

  it('accepts quoted values, comments and plain text YAML reads as a string', () => {
    const frontmatter = [
      'name: demo-skill',
      'description: "Checks things. Use when: a build breaks # often."',
      "license: 'MIT' # SPDX id",
      '# a whole-line comment',
      'metadata: # a map',
      '  version: "1.0"',
      "  internal: 'true'",
      '  released: "2024-05-01"',
      '  release: 1.2.3',
      '  url: https://example.com/a#b',
      '  range: -x, ?y, :z, a:b, C#, 50%, a - b',
      '  escapes: "\\x41\\u00e9\\t\\"q\\" \\\\"',
    ].join('\n');
    const { dir, root } = skill('demo-skill', frontmatter);
    expect(validateSkill(dir, { cwd: root })).toEqual([]);
    expect(splitSkill(`---\n${frontmatter}\n---\nbody`).data?.metadata).toEqual({
      version: '1.0',
      internal: 'true',
      released: '2024-05-01',
      release: '1.2.3',
      url: 'https://example.com/a#b',
      range: '-x, ?y, :z, a:b, C#, 50%, a - b',
      escapes: 'A\u00e9\t"q" \\',
    });
  });

  it('reads unquoted numbers, booleans and nulls as YAML does, not as strings', () => {
    const src = [
      '---',
      'a: 1.0',
      'b: 0x1F',
      'c: yes',
      'd: False',
      'e: ~',
      'f: .inf',
      'g: [x, "y, z", 2]',
      '---',
      'body',
    ];
    expect(splitSkill(src.join('\n')).data).toEqual({
      a: 1,
      b: 31,
      c: true,
      d: false,
      e: null,
      f: Number.POSITIVE_INFINITY,
      g: ['x', 'y, z', 2],
    });
  });

  it('names the YAML problem and what YAML reads', () => {
    const colon = problemsOf('demo-skill', fm({ description: 'Checks things. Use when: a build breaks.' }));
    expect(colon.map(formatProblem).join('\n')).toContain(
      'holds ": ", which YAML reads as a nested "key: value", not text; quote the value [frontmatter-syntax]',
    );
    const version = problemsOf('demo-skill', `${fm({})}\nmetadata:\n  version: 1.0`);
    expect(version.map(formatProblem)).toEqual([
      `${join('demo-skill', 'SKILL.md')}: metadata: expected a string value for version, found 1 [type]`,
    ]);
  });

  it('reads quoted, folded and literal scalars and flow lists', () => {
    const src = [
      '---',
      'name: "demo-skill"',
      "license: 'it''s MIT'",
      'description: >-',
      '  Folded text',
      '  on two lines. Use when testing.',
      'compatibility: |',
      '  line one',
      '  line two',
      'other: [a, "b"]',
      '---',
      'body',
    ].join('\n');
    expect(splitSkill(src).data).toEqual({
      name: 'demo-skill',
      license: "it's MIT",
      description: 'Folded text on two lines. Use when testing.',
      compatibility: 'line one\nline two\n',
      other: ['a', 'b'],
    });
  });
});
